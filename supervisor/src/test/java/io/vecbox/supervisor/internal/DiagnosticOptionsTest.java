package io.vecbox.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DiagnosticOptionsTest {
    @Test
    void unifiedLoggingWithoutAnOutputGetsStderr() {
        assertThat(DiagnosticOptions.toStderr("-Xlog:gc")).isEqualTo("-Xlog:gc:stderr");
        assertThat(DiagnosticOptions.toStderr("-Xlog:gc*")).isEqualTo("-Xlog:gc*:stderr");
        assertThat(DiagnosticOptions.toStderr("-Xlog:gc+heap=debug,safepoint")).isEqualTo("-Xlog:gc+heap=debug,safepoint:stderr");
        assertThat(DiagnosticOptions.toStderr("-Xlog:gc::uptime,pid")).isEqualTo("-Xlog:gc:stderr:uptime,pid");
        assertThat(DiagnosticOptions.toStderr("-Xlog")).isEqualTo("-Xlog:all=info:stderr");
    }

    @Test
    void unifiedLoggingToStdoutGetsStderrWithItsDecoratorsAndOptions() {
        assertThat(DiagnosticOptions.toStderr("-Xlog:gc:stdout")).isEqualTo("-Xlog:gc:stderr");
        assertThat(DiagnosticOptions.toStderr("-Xlog:gc*=info:stdout:uptime,pid")).isEqualTo("-Xlog:gc*=info:stderr:uptime,pid");
        assertThat(DiagnosticOptions.toStderr("-Xlog:cds=debug:#0:none:foldmultilines=true"))
                .isEqualTo("-Xlog:cds=debug:stderr:none:foldmultilines=true");
    }

    @Test
    void oldOptionsThatStandForLoggingToStdoutBecomeTheSameSelectionOnStderr() {
        assertThat(DiagnosticOptions.toStderr("-verbose:gc")).isEqualTo("-Xlog:gc:stderr");
        assertThat(DiagnosticOptions.toStderr("-XX:+PrintGC")).isEqualTo("-Xlog:gc:stderr");
        assertThat(DiagnosticOptions.toStderr("-XX:+PrintGCDetails")).isEqualTo("-Xlog:gc*:stderr");
        assertThat(DiagnosticOptions.toStderr("-verbose:class")).isEqualTo("-Xlog:class+load=info,class+unload=info:stderr");
        assertThat(DiagnosticOptions.toStderr("-verbose")).isEqualTo("-Xlog:class+load=info,class+unload=info:stderr");
        assertThat(DiagnosticOptions.toStderr("-verbose:jni")).isEqualTo("-Xlog:jni+resolve=debug:stderr");
    }

    @Test
    void everythingElseIsLeftAlone() {
        for (String option : List.of("-Xlog:gc:stderr", "-Xlog:gc*:file=/var/log/gc-%p.log:uptime", "-Xlog:gc:stderr:uptime",
                "-Xlog:disable", "-Xlog:help", "-Xlog:async", "-Xmx1g", "-XX:+PrintCompilation", "-XX:+PrintFlagsFinal",
                "-XX:StartFlightRecording=filename=/tmp/rec", "-Dverbose:gc=x", "-XX:-PrintGCDetails", "-Xloggc:gc.log")) {
            assertThat(DiagnosticOptions.toStderr(option)).as(option).isEqualTo(option);
        }
    }

    @Test
    void changesNameOnlyTheRewrittenOptions() {
        List<String> before = List.of("-Xmx1g", "-verbose:gc", "-Xlog:safepoint:stderr", "-Xlog:safepoint");
        List<String> after = DiagnosticOptions.toStderr(before);
        assertThat(after).containsExactly("-Xmx1g", "-Xlog:gc:stderr", "-Xlog:safepoint:stderr", "-Xlog:safepoint:stderr");
        assertThat(DiagnosticOptions.changes(before, after))
                .isEqualTo("-verbose:gc as -Xlog:gc:stderr, -Xlog:safepoint as -Xlog:safepoint:stderr");
        assertThat(DiagnosticOptions.changes(List.of("-Xmx1g"), List.of("-Xmx1g"))).isEmpty();
    }

    @Test
    void aFlightRecordingFileThatIsNotADirectoryIsSharedByTheWorkers() {
        assertThat(DiagnosticOptions.sharedRecordingFile(List.of("-Xmx1g",
                "-XX:StartFlightRecording=settings=profile,filename=/tmp/app.jfr"), f -> false)).isEqualTo("/tmp/app.jfr");
        assertThat(DiagnosticOptions.sharedRecordingFile(List.of("-XX:StartFlightRecording:filename=rec.jfr,dumponexit=true"),
                f -> false)).isEqualTo("rec.jfr");
        assertThat(DiagnosticOptions.sharedRecordingFile(List.of("-XX:StartFlightRecording=filename=/var/tmp/jfr"),
                "/var/tmp/jfr"::equals)).isNull();
        assertThat(DiagnosticOptions.sharedRecordingFile(List.of("-XX:StartFlightRecording", "-XX:StartFlightRecording=duration=30s",
                "-XX:FlightRecorderOptions=repository=/tmp/x"), f -> false)).as("no file: nothing is written at exit").isNull();
    }

    @Test
    void theClassDataTrainingRunsWithoutARecording() {
        assertThat(DiagnosticOptions.withoutRecordings(List.of("-Xmx1g", "-XX:StartFlightRecording=filename=/tmp/jfr",
                "-XX:StartFlightRecording:duration=30s", "-XX:FlightRecorderOptions=stackdepth=96")))
                .containsExactly("-Xmx1g", "-XX:FlightRecorderOptions=stackdepth=96");
    }

    @Test
    void optionsThatSendTheJvmsOwnOutputToStdoutAreRefused() {
        assertThat(DiagnosticOptions.checked(List.of("-XX:+DisplayVMOutputToStderr", "-Xlog:gc"))).hasSize(2);
        assertThatThrownBy(() -> DiagnosticOptions.checked(List.of("-XX:+DisplayVMOutputToStdout")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jvmOptions: -XX:+DisplayVMOutputToStdout would send");
    }
}
