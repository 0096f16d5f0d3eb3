package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Submitting never blocks the caller on a worker. A worker stopped with SIGSTOP reads nothing, so
 * its stdin pipe (64 KiB) fills; a request larger than that used to be written on the caller's
 * thread, which then waited for the whole deadline.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FrozenWorkerIT {
    /** Several times the pipe buffer. */
    private static final int LARGE = 8 * 1024 * 1024;

    @TempDir
    Path dir;

    private WorkerPool frozenReaderPool(String name) {
        return Pools.builder(dir, name).readers(1).queryTimeout(Duration.ofSeconds(30))
                .shutdownGracePeriod(Duration.ZERO).build();
    }

    private static void signal(long pid, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -%s %d", signal, pid).isZero();
    }

    /** For finally blocks: the worker may be gone already. */
    private static void resume(long pid) throws InterruptedException {
        try {
            new ProcessBuilder("kill", "-CONT", Long.toString(pid)).start().waitFor();
        } catch (IOException e) {
            // nothing to resume
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Test
    void queryAsyncOfALargeRequestToAFrozenWorkerReturnsAtOnce() throws Exception {
        try (WorkerPool pool = frozenReaderPool("frozen")) {
            long pid = Pools.pidOf(pool, "IDLE", "reader");
            CompletableFuture<QueryResult> f;
            signal(pid, "STOP");
            try {
                long start = System.nanoTime();
                f = pool.queryAsync("select length(?)", (Object) new byte[LARGE]);
                assertThat(millisSince(start)).as("queryAsync returned while the worker's pipe was full")
                        .isLessThan(2_000L);
                CompletableFuture<QueryResult> second = pool.queryAsync("select length(?)", (Object) new byte[LARGE]);
                assertThat(millisSince(start)).as("a second request queues behind the first").isLessThan(2_000L);
                assertThat(f).isNotDone();
                assertThat(second).isNotDone();
                signal(pid, "CONT");
                assertThat(second.get(30, TimeUnit.SECONDS).rows().get(0).getLong(0)).isEqualTo(LARGE);
            } finally {
                resume(pid);
            }
            assertThat(f.get(30, TimeUnit.SECONDS).rows().get(0).getLong(0)).isEqualTo(LARGE);
            assertThat(pool.stats().timeouts()).isZero();
            assertThat(pool.stats().crashes()).isZero();
            assertThat(Pools.pidOf(pool, "IDLE", "reader")).isEqualTo(pid);
        }
    }

    @Test
    void cancellingARequestStuckInAFrozenWorkersPipeReturnsAtOnce() throws Exception {
        try (WorkerPool pool = frozenReaderPool("frozen-cancel")) {
            long pid = Pools.pidOf(pool, "IDLE", "reader");
            signal(pid, "STOP");
            try {
                CompletableFuture<QueryResult> f = pool.queryAsync("select length(?)", (Object) new byte[LARGE]);
                long start = System.nanoTime();
                assertThat(f.cancel(true)).isTrue();
                assertThat(millisSince(start)).isLessThan(2_000L);
            } finally {
                resume(pid);
            }
            assertThat(pool.query("select 8").rows().get(0).getLong(0)).isEqualTo(8);
        }
    }

    @Test
    void closeWithAFrozenWorkerMidWriteDoesNotWaitForTheDeadline() throws Exception {
        WorkerPool pool = frozenReaderPool("frozen-close");
        long pid = Pools.pidOf(pool, "IDLE", "reader");
        ProcessHandle worker = ProcessHandle.of(pid).orElseThrow();
        try {
            signal(pid, "STOP");
            CompletableFuture<QueryResult> f = pool.queryAsync("select length(?)", (Object) new byte[LARGE]);
            long start = System.nanoTime();
            pool.close();
            assertThat(millisSince(start)).as("close: shutdown, destroy, destroy forcibly; not the 30 s deadline")
                    .isLessThan(15_000L);
            assertThat(worker.isAlive()).isFalse();
            assertThat(catchThrowableOfType(() -> f.join(), CompletionException.class).getCause())
                    .isInstanceOf(PoolClosedException.class);
        } finally {
            worker.destroyForcibly();
        }
    }

    @Test
    void aRequestPastTheFrameLimitFailsAsBadRequestAndTheWorkerStays() throws Exception {
        try (WorkerPool pool = Pools.builder(dir, "too-large").readers(1).build()) {
            long pid = Pools.pidOf(pool, "IDLE", "reader");
            CompletableFuture<QueryResult> f = pool.queryAsync("select length(?)", (Object) new byte[65 * 1024 * 1024]);
            QueryFailedException e = (QueryFailedException) catchThrowableOfType(() -> f.get(30, TimeUnit.SECONDS),
                    java.util.concurrent.ExecutionException.class).getCause();
            assertThat(e.errorCode()).isEqualTo("BAD_REQUEST");
            assertThat(e.getMessage()).contains("frame limit");
            assertThat(pool.query("select 9").rows().get(0).getLong(0)).isEqualTo(9);
            assertThat(Pools.pidOf(pool, "IDLE", "reader")).isEqualTo(pid);
            assertThat(pool.stats().crashes()).isZero();
        }
    }
}
