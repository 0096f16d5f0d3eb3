package io.vecbox.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExitInfoTest {
    private static final String HS_ERR = """
            #
            # A fatal error has been detected by the Java Runtime Environment:
            #
            #  SIGSEGV (0xb) at pc=0x00007f3a1c2b4e10, pid=123, tid=124
            #
            # JRE version: OpenJDK Runtime Environment (17.0.9+9) (build 17.0.9+9)
            # Problematic frame:
            # C  [vec0.so+0x1e10]  vec_crash+0x10
            """;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "137, SIGKILL",
        "139, SIGSEGV",
        "134, SIGABRT",
        "143, SIGTERM",
        "129, SIGHUP",
        "130, SIGINT",
        "135, SIGBUS",
        "159, SIGSYS",
    })
    void signalOfMapsLinuxExitCodes(int exitCode, String signal) {
        assertThat(ExitInfo.signalOf(exitCode)).isEqualTo(signal);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 127, 128, 160, 255, -1, -9})
    void signalOfPlainStatusesIsNull(int exitCode) {
        assertThat(ExitInfo.signalOf(exitCode)).isNull();
    }

    @Test
    void crashLogSignalIsPreferredOverTheExitCode() throws IOException {
        Path log = dir.resolve("hs_err_pid123.log");
        Files.writeString(log, HS_ERR, StandardCharsets.UTF_8);

        ExitInfo info = ExitInfo.of(134, dir, 123);

        assertThat(info.exitCode()).isEqualTo(134);
        assertThat(info.signal()).isEqualTo("SIGSEGV");
        assertThat(info.crashLog()).isEqualTo(log);
    }

    @Test
    void crashLogNamesTheSignalEvenWhenTheExitCodeDoesNot() throws IOException {
        Files.writeString(dir.resolve("hs_err_pid123.log"), HS_ERR);
        ExitInfo info = ExitInfo.of(1, dir, 123);
        assertThat(info.signal()).isEqualTo("SIGSEGV");
        assertThat(info.describe()).isEqualTo("exit 1, signal SIGSEGV");
    }

    @Test
    void crashLogOfAnotherPidIsIgnored() throws IOException {
        Files.writeString(dir.resolve("hs_err_pid999.log"), HS_ERR);
        ExitInfo info = ExitInfo.of(137, dir, 123);
        assertThat(info.signal()).isEqualTo("SIGKILL");
        assertThat(info.crashLog()).isNull();
    }

    @Test
    void withoutCrashLogTheExitCodeGivesTheSignal() {
        ExitInfo info = ExitInfo.of(137, dir, 123);
        assertThat(info).isEqualTo(new ExitInfo(137, "SIGKILL", null));
    }

    @Test
    void crashLogWithoutSignalFallsBackToTheExitCode() throws IOException {
        Path log = dir.resolve("hs_err_pid7.log");
        Files.writeString(log, "#\n# There is insufficient memory for the Java Runtime Environment to continue.\n");
        ExitInfo info = ExitInfo.of(134, dir, 7);
        assertThat(info.signal()).isEqualTo("SIGABRT");
        assertThat(info.crashLog()).isEqualTo(log);
    }

    @Test
    void crashLogDirectoryThatDoesNotExistIsFine() {
        ExitInfo info = ExitInfo.of(139, dir.resolve("missing"), 1);
        assertThat(info).isEqualTo(new ExitInfo(139, "SIGSEGV", null));
    }

    @Test
    void unknownExitCode() {
        ExitInfo info = ExitInfo.of(null, dir, 5);
        assertThat(info).isEqualTo(new ExitInfo(null, null, null));
        assertThat(info.describe()).isEqualTo("exit unknown");
    }

    @Test
    void describeNamesExitCodeAndSignal() {
        assertThat(new ExitInfo(137, "SIGKILL", null).describe()).isEqualTo("exit 137, signal SIGKILL");
        assertThat(new ExitInfo(0, null, null).describe()).isEqualTo("exit 0");
        assertThat(new ExitInfo(null, "SIGSEGV", null).describe()).isEqualTo("exit unknown, signal SIGSEGV");
    }
}
