package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vecbox.supervisor.internal.CrashLogs;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every native crash leaves a JVM crash log; a statement that keeps crashing workers used to fill
 * the crash log directory without bound. The pool keeps the newest {@link CrashLogs#MAX_KEPT}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CrashLogRetentionIT {
    private static final Instant LONG_AGO = Instant.parse("2024-01-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void crashLogsArePrunedToTheNewestAtStartAndAfterEachCrash() throws IOException {
        Path crashLogs = Files.createDirectories(dir.resolve("crash-logs"));
        int old = CrashLogs.MAX_KEPT + 5;
        for (int i = 0; i < old; i++) {
            Path log = Files.writeString(crashLogs.resolve("hs_err_pid" + (900_000 + i) + ".log"), "old crash");
            Files.setLastModifiedTime(log, FileTime.from(LONG_AGO.plusSeconds(i)));
        }
        try (WorkerPool pool = Pools.builder(dir, "crashlogs").readers(1).build()) {
            assertThat(crashLogs(crashLogs)).as("pruned at start").hasSize(CrashLogs.MAX_KEPT)
                    .doesNotContain(crashLogs.resolve("hs_err_pid900004.log"))
                    .contains(crashLogs.resolve("hs_err_pid900005.log"));

            WorkerCrashedException crash = catchThrowableOfType(WorkerCrashedException.class,
                    () -> pool.query("select vecbox_fault('segfault')"));
            assertThat(crash).as("crashed twice (the retry too)").isNotNull();
            assertThat(crash.crashLog()).isPresent();
            List<Path> kept = crashLogs(crashLogs);
            assertThat(kept).as("pruned after the crashes").hasSize(CrashLogs.MAX_KEPT)
                    .contains(crash.crashLog().get())
                    .doesNotContain(crashLogs.resolve("hs_err_pid900005.log"));
            assertThat(kept.stream().filter(p -> !p.getFileName().toString().startsWith("hs_err_pid9000")))
                    .as("both real crash logs kept").hasSize(2);
        }
    }

    private static List<Path> crashLogs(Path dir) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "hs_err_pid*.log")) {
            files.forEach(found::add);
        }
        return found;
    }
}
