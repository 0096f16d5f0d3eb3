package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * sqlite-jdbc unpacks its native library into {@code java.io.tmpdir} on every start and deletes
 * it only on a normal JVM exit, so each worker that died abnormally used to leave a 1.1 MB copy
 * behind. The workers' temp directory is pointed at a fresh one here to make that observable.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkerTempFilesIT {
    private static final int KILLS = 3;

    @TempDir
    Path dir;

    @Test
    void killedWorkersLeaveNoSqliteJdbcLibraryInTheTempDirectory() throws Exception {
        Path workerTmp = Files.createDirectories(dir.resolve("worker-tmp"));
        Path cache = dir.resolve("cache");
        Semaphore readerStarted = new Semaphore(0);
        try (WorkerPool pool = Pools.builder(dir, "tmpleak").readers(1).cacheDirectory(cache)
                .jvmOptions(List.of(Pools.FAULTS, "-Djava.io.tmpdir=" + workerTmp))
                .listener(new WorkerPoolListener() {
                    @Override
                    public void workerStarted(String p, String worker, long pid, Duration startupTime) {
                        if (worker.startsWith("worker-1#")) {
                            readerStarted.release();
                        }
                    }
                }).build()) {
            assertThat(readerStarted.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < KILLS; i++) {
                long pid = Pools.pidOf(pool, "IDLE", "reader");
                ProcessHandle worker = ProcessHandle.of(pid).orElseThrow();
                assertThat(worker.destroyForcibly()).isTrue();
                worker.onExit().get(30, TimeUnit.SECONDS);
                assertThat(readerStarted.tryAcquire(30, TimeUnit.SECONDS)).as("reader restarted").isTrue();
            }
            assertThat(pool.query("select sqlite_version()").rows()).hasSize(1);
            assertThat(pool.stats().restarts()).isEqualTo(KILLS);
            assertThat(sqliteJdbcLibraries(workerTmp)).as("while the pool runs").isEmpty();
        }
        assertThat(sqliteJdbcLibraries(workerTmp)).as("after close").isEmpty();
        try (DirectoryStream<Path> libs = Files.newDirectoryStream(cache, "sqlite-jdbc-*")) {
            assertThat(libs).as("the library is unpacked once, into the cache directory").hasSize(1);
        }
    }

    private static List<Path> sqliteJdbcLibraries(Path tmp) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tmp, "sqlite-*libsqlitejdbc*")) {
            files.forEach(found::add);
        }
        return found;
    }
}
