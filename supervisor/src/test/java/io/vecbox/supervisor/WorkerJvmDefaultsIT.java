package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The worker JVM defaults as running workers have them, and what they change on the machine. */
class WorkerJvmDefaultsIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void workersStartWithASmallHeapOneCompilerThreadAndNoPerformanceDataFile() {
        try (WorkerPool pool = Pools.builder(dir, "jvm-defaults").readers(1).build()) {
            for (WorkerInfo w : pool.workers()) {
                List<String> args = List.of(ProcessHandle.of(w.pid()).orElseThrow().info().arguments().orElseThrow());
                assertThat(args).as(w.name())
                        .contains("-Xms8m", "-Xmx256m", "-Xss1m", "-XX:CICompilerCount=1", "-XX:-UsePerfData");
                // Workers run with an empty environment, so their temporary directory is /tmp.
                assertThat(Path.of("/tmp", "hsperfdata_" + System.getProperty("user.name"), Long.toString(w.pid())))
                        .as("%s leaves no hsperfdata file", w.name()).doesNotExist();
            }
            assertThat(pool.query("select 1").rows()).hasSize(1);
        }
    }
}
