package io.vecbox.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerLauncherTest {
    private static final List<String> DEFAULTS = WorkerLauncher.defaultJvmOptions(Path.of("/crash"));

    @Test
    void defaultsStartTheInternedStringTableSmallAndKeepTheHeapSettings() {
        assertThat(DEFAULTS).contains("-XX:StringTableSize=4096", "-Xms8m", "-Xmx256m", "-Xss1m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:-UsePerfData");
        assertThat(DEFAULTS).filteredOn(o -> o.startsWith("-XX:StringTableSize=")).hasSize(1);
        assertThat(DEFAULTS).last().isEqualTo("-XX:ErrorFile=" + Path.of("/crash", "hs_err_pid%p.log"));
    }

    @Test
    void theOlderLocaleDataOnlyWhereTheJdkStillHasThemQuietly() {
        assertThat(WorkerLauncher.localeOptions(17)).containsExactly("-Djava.locale.providers=COMPAT");
        assertThat(WorkerLauncher.localeOptions(20)).containsExactly("-Djava.locale.providers=COMPAT");
        assertThat(WorkerLauncher.localeOptions(21)).isEmpty();
        assertThat(WorkerLauncher.localeOptions(25)).isEmpty();
        assertThat(DEFAULTS).containsAll(WorkerLauncher.localeOptions(Runtime.version().feature()));
    }

    @Test
    void readersGetC2AndTheVectorModuleAndKeepEverythingElse() {
        List<String> reader = WorkerLauncher.readerOptions(DEFAULTS);

        assertThat(reader).doesNotContain("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1");
        assertThat(reader).contains("-XX:CICompilerCount=2", "-XX:StringTableSize=4096", "-Xms8m", "-Xmx256m");
        assertThat(reader).last().isEqualTo(WorkerLauncher.VECTOR_MODULE);
        assertThat(reader).hasSize(DEFAULTS.size());
    }
}
