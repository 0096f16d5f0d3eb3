package io.vecbox.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashLogsTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void keepsTheNewestAndDeletesTheRest() throws IOException {
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            // Modification times out of pid order: age decides, not the name.
            logs.add(crashLog(1000 + (i * 7) % 25, T0.plusSeconds(i)));
        }
        List<Path> deleted = CrashLogs.prune(dir, 20);

        assertThat(deleted).containsExactlyInAnyOrderElementsOf(logs.subList(0, 5));
        assertThat(names()).containsExactlyInAnyOrderElementsOf(
                logs.subList(5, 25).stream().map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void fewerThanTheLimitAreAllKept() throws IOException {
        crashLog(1, T0);
        crashLog(2, T0.plusSeconds(1));
        assertThat(CrashLogs.prune(dir, 20)).isEmpty();
        assertThat(CrashLogs.prune(dir, 2)).isEmpty();
        assertThat(names()).hasSize(2);
    }

    @Test
    void otherFilesAndDirectoriesAreNeverTouched() throws IOException {
        for (int i = 0; i < 3; i++) {
            crashLog(i, T0.plusSeconds(i));
        }
        Files.writeString(dir.resolve("replay_pid7.log"), "x");
        Files.writeString(dir.resolve("notes.txt"), "x");
        Files.writeString(dir.resolve("hs_err_pid8.log.gz"), "x");
        Files.createDirectory(dir.resolve("hs_err_pid9.log"));

        assertThat(CrashLogs.prune(dir, 1)).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("hs_err_pid0.log", "hs_err_pid1.log");
        assertThat(names()).containsExactlyInAnyOrder("hs_err_pid2.log", "replay_pid7.log", "notes.txt",
                "hs_err_pid8.log.gz", "hs_err_pid9.log");
    }

    @Test
    void keepingZeroDeletesEveryCrashLog() throws IOException {
        crashLog(1, T0);
        assertThat(CrashLogs.prune(dir, 0)).hasSize(1);
        assertThat(names()).isEmpty();
    }

    @Test
    void missingDirectoryHasNothingToPrune() {
        assertThat(CrashLogs.prune(dir.resolve("missing"), 20)).isEmpty();
    }

    @Test
    void negativeKeepIsRejected() {
        assertThatThrownBy(() -> CrashLogs.prune(dir, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keep < 0: -1");
    }

    private Path crashLog(long pid, Instant modified) throws IOException {
        Path log = Files.writeString(dir.resolve("hs_err_pid" + pid + ".log"), "# A fatal error has been detected");
        Files.setLastModifiedTime(log, FileTime.from(modified));
        return log;
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
