package io.vecbox.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StdoutOptionsTest {
    @Test
    void unifiedLoggingWithoutAnOutputGetsStderr() {
        assertThat(StdoutOptions.toStderr("-Xlog:gc")).isEqualTo("-Xlog:gc:stderr");
        assertThat(StdoutOptions.toStderr("-Xlog:gc*")).isEqualTo("-Xlog:gc*:stderr");
        assertThat(StdoutOptions.toStderr("-Xlog:gc+heap=debug,safepoint")).isEqualTo("-Xlog:gc+heap=debug,safepoint:stderr");
        assertThat(StdoutOptions.toStderr("-Xlog:gc::uptime,pid")).isEqualTo("-Xlog:gc:stderr:uptime,pid");
        assertThat(StdoutOptions.toStderr("-Xlog")).isEqualTo("-Xlog:all=info:stderr");
    }

    @Test
    void unifiedLoggingToStdoutGetsStderrWithItsDecoratorsAndOptions() {
        assertThat(StdoutOptions.toStderr("-Xlog:gc:stdout")).isEqualTo("-Xlog:gc:stderr");
        assertThat(StdoutOptions.toStderr("-Xlog:gc*=info:stdout:uptime,pid")).isEqualTo("-Xlog:gc*=info:stderr:uptime,pid");
        assertThat(StdoutOptions.toStderr("-Xlog:cds=debug:#0:none:foldmultilines=true"))
                .isEqualTo("-Xlog:cds=debug:stderr:none:foldmultilines=true");
    }

    @Test
    void oldOptionsThatStandForLoggingToStdoutBecomeTheSameSelectionOnStderr() {
        assertThat(StdoutOptions.toStderr("-verbose:gc")).isEqualTo("-Xlog:gc:stderr");
        assertThat(StdoutOptions.toStderr("-XX:+PrintGC")).isEqualTo("-Xlog:gc:stderr");
        assertThat(StdoutOptions.toStderr("-XX:+PrintGCDetails")).isEqualTo("-Xlog:gc*:stderr");
        assertThat(StdoutOptions.toStderr("-verbose:class")).isEqualTo("-Xlog:class+load=info,class+unload=info:stderr");
        assertThat(StdoutOptions.toStderr("-verbose")).isEqualTo("-Xlog:class+load=info,class+unload=info:stderr");
        assertThat(StdoutOptions.toStderr("-verbose:jni")).isEqualTo("-Xlog:jni+resolve=debug:stderr");
    }

    @Test
    void everythingElseIsLeftAlone() {
        for (String option : List.of("-Xlog:gc:stderr", "-Xlog:gc*:file=/var/log/gc-%p.log:uptime", "-Xlog:gc:stderr:uptime",
                "-Xlog:disable", "-Xlog:help", "-Xlog:async", "-Xmx1g", "-XX:+PrintCompilation", "-XX:+PrintFlagsFinal",
                "-XX:StartFlightRecording=filename=/tmp/rec", "-Dverbose:gc=x", "-XX:-PrintGCDetails", "-Xloggc:gc.log")) {
            assertThat(StdoutOptions.toStderr(option)).as(option).isEqualTo(option);
        }
    }

    @Test
    void changesNameOnlyTheRewrittenOptions() {
        List<String> before = List.of("-Xmx1g", "-verbose:gc", "-Xlog:safepoint:stderr", "-Xlog:safepoint");
        List<String> after = StdoutOptions.toStderr(before);
        assertThat(after).containsExactly("-Xmx1g", "-Xlog:gc:stderr", "-Xlog:safepoint:stderr", "-Xlog:safepoint:stderr");
        assertThat(StdoutOptions.changes(before, after))
                .isEqualTo("-verbose:gc as -Xlog:gc:stderr, -Xlog:safepoint as -Xlog:safepoint:stderr");
        assertThat(StdoutOptions.changes(List.of("-Xmx1g"), List.of("-Xmx1g"))).isEmpty();
    }

    @Test
    void optionsThatSendTheJvmsOwnOutputToStdoutAreRefused() {
        assertThat(StdoutOptions.checked(List.of("-XX:+DisplayVMOutputToStderr", "-Xlog:gc"))).hasSize(2);
        assertThatThrownBy(() -> StdoutOptions.checked(List.of("-XX:+DisplayVMOutputToStdout")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jvmOptions: -XX:+DisplayVMOutputToStdout would send");
    }
}
