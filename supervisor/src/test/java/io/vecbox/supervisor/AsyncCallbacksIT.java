package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Callbacks on the futures of {@link WorkerPool#queryAsync} run on the callback executor, never on
 * a pool I/O thread: before, they ran on the worker's reader thread, so a callback that queried the
 * pool deadlocked it and the pool killed a healthy worker for "ignoring its deadline".
 *
 * <p>Each query that gets a callback spins in the worker for a moment, so the callback is attached
 * before the future completes (a callback attached to a completed future runs on the caller).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AsyncCallbacksIT {
    private static final String SLOW = "select vecbox_fault('spin', 300)";

    @TempDir
    Path dir;

    /** One reader, so a nested query needs the very worker whose answer runs the callback. */
    private WorkerPool.Builder oneReader(String name) {
        return Pools.builder(dir, name).readers(1).queryTimeout(Duration.ofSeconds(5));
    }

    private static List<Long> pids(WorkerPool pool) {
        return pool.workers().stream().map(WorkerInfo::pid).toList();
    }

    private static void assertNoWorkerLost(WorkerPool pool, List<Long> pidsBefore) {
        PoolStats stats = pool.stats();
        assertThat(stats.crashes()).isZero();
        assertThat(stats.timeouts()).isZero();
        assertThat(stats.restarts()).isZero();
        assertThat(pids(pool)).isEqualTo(pidsBefore);
    }

    @Test
    void callbackThatQueriesThePoolSynchronouslyCompletesAndNoWorkerIsKilled() throws Exception {
        try (WorkerPool pool = oneReader("nested").build()) {
            List<Long> before = pids(pool);
            AtomicReference<String> thread = new AtomicReference<>();
            CompletableFuture<Long> nested = pool.queryAsync(SLOW).thenApply(r -> {
                thread.set(Thread.currentThread().getName());
                return pool.query("select 41 + 1").rows().get(0).getLong(0);
            });
            assertThat(nested.get(30, TimeUnit.SECONDS)).isEqualTo(42L);
            assertThat(thread.get()).startsWith("vecbox-nested-callback-");
            assertNoWorkerLost(pool, before);
        }
    }

    @Test
    void callbackThatBlocksDoesNotStallOtherRequests() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (WorkerPool pool = oneReader("blocking").build()) {
            List<Long> before = pids(pool);
            CompletableFuture<Void> blocked = pool.queryAsync(SLOW).thenAccept(r -> {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
                long start = System.nanoTime();
                assertThat(pool.query("select 2").rows().get(0).getLong(0)).isEqualTo(2L);
                assertThat(pool.queryAsync("select 3").get(30, TimeUnit.SECONDS).rows().get(0).getLong(0))
                        .isEqualTo(3L);
                assertThat((System.nanoTime() - start) / 1_000_000).as("well inside the 5 s deadline")
                        .isLessThan(4_000L);
                assertThat(blocked).isNotDone();
            } finally {
                release.countDown();
            }
            blocked.get(30, TimeUnit.SECONDS);
            assertNoWorkerLost(pool, before);
        }
    }

    @Test
    void callbackThatThrowsFailsOnlyItsDependentFuture() throws Exception {
        try (WorkerPool pool = oneReader("throwing").build()) {
            List<Long> before = pids(pool);
            AtomicReference<String> thread = new AtomicReference<>();
            CompletableFuture<Object> dependent = pool.queryAsync(SLOW).thenApply(r -> {
                thread.set(Thread.currentThread().getName());
                throw new IllegalStateException("callback failed");
            });
            ExecutionException e = catchThrowableOfType(() -> dependent.get(30, TimeUnit.SECONDS),
                    ExecutionException.class);
            assertThat(e).isNotNull();
            assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("callback failed");
            assertThat(thread.get()).as("thrown on a callback thread, not the reader's")
                    .startsWith("vecbox-throwing-callback-");
            assertThat(pool.query("select 4").rows().get(0).getLong(0)).isEqualTo(4L);
            assertThat(pool.queryAsync(SLOW).thenApply(r -> 5L).get(30, TimeUnit.SECONDS)).isEqualTo(5L);
            assertNoWorkerLost(pool, before);
        }
    }

    @Test
    void callbacksRunOnTheConfiguredExecutor() throws Exception {
        ExecutorService mine = Executors.newSingleThreadExecutor(r -> new Thread(r, "my-callbacks"));
        try (WorkerPool pool = oneReader("custom").callbackExecutor(mine).build()) {
            String thread = pool.queryAsync(SLOW).thenApply(r -> Thread.currentThread().getName())
                    .get(30, TimeUnit.SECONDS);
            assertThat(thread).isEqualTo("my-callbacks");
        } finally {
            mine.shutdownNow();
        }
        assertThat(mine.isShutdown()).isTrue();
    }

    @Test
    void cancellingTheReturnedFutureStopsTheStatementInTheWorker() throws Exception {
        String runaway = "with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c";
        try (WorkerPool pool = Pools.builder(dir, "cancel").readers(1).queryTimeout(Duration.ofSeconds(30)).build()) {
            List<Long> before = pids(pool);
            CompletableFuture<QueryResult> running = pool.queryAsync(runaway);
            while (Pools.pidOf(pool, "BUSY", "reader") < 0) {
                Thread.onSpinWait();
            }
            long start = System.nanoTime();
            assertThat(running.cancel(true)).isTrue();
            assertThat(pool.query("select 6").rows().get(0).getLong(0)).isEqualTo(6L);
            assertThat((System.nanoTime() - start) / 1_000_000).as("the runaway was interrupted, not waited out")
                    .isLessThan(10_000L);
            assertNoWorkerLost(pool, before);
        }
    }

    @Test
    void closeCompletesEveryFutureThroughTheCallbackExecutor() throws Exception {
        WorkerPool pool = oneReader("closing").shutdownGracePeriod(Duration.ofMillis(200)).build();
        AtomicReference<String> thread = new AtomicReference<>();
        CompletableFuture<QueryResult> running = pool.queryAsync("select vecbox_fault('spin')");
        CompletableFuture<Object> dependent = running.handle((r, t) -> {
            thread.set(Thread.currentThread().getName());
            return t;
        });
        while (Pools.pidOf(pool, "BUSY", "reader") < 0) {
            Thread.onSpinWait();
        }
        pool.close();
        assertThat(dependent.get(30, TimeUnit.SECONDS)).isInstanceOf(PoolClosedException.class);
        assertThat(thread.get()).startsWith("vecbox-closing-callback-");
    }
}
