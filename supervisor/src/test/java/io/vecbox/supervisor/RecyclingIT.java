package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recycling ({@link WorkerPool.Builder#maxRequestsPerWorker}, {@link WorkerPool.Builder#maxWorkerRss},
 * the MXBean's {@code recycleWorker}) with real worker JVMs: workers are replaced under load without
 * a failed request or a lost write, counted as restarts and never as crashes.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RecyclingIT {
    @TempDir
    Path dir;

    private final PoolEvents events = new PoolEvents();

    /** Counts the replacements that became ready (a generation past #1 started). */
    private static final class Replacements implements WorkerPoolListener {
        private final CountDownLatch ready;

        Replacements(int expected) {
            this.ready = new CountDownLatch(expected);
        }

        @Override
        public void workerStarted(String pool, String worker, long pid, Duration startupTime) {
            if (!worker.endsWith("#1")) {
                ready.countDown();
            }
        }

        private final CountDownLatch promoted = new CountDownLatch(1);

        @Override
        public void standbyPromoted(String pool, String worker, String replaced) {
            promoted.countDown();
        }

        void await() throws InterruptedException {
            assertThat(ready.await(90, TimeUnit.SECONDS)).as("replacements ready").isTrue();
        }

        void awaitPromotion() throws InterruptedException {
            assertThat(promoted.await(60, TimeUnit.SECONDS)).as("standby promoted").isTrue();
        }
    }

    private static WorkerInfo slot(WorkerPool pool, int slot) {
        return pool.workers().stream().filter(w -> w.name().startsWith("worker-" + slot + "#")).findFirst()
                .orElseThrow();
    }

    private static WorkerPoolMXBean mbean(String pool) throws Exception {
        return javax.management.JMX.newMXBeanProxy(java.lang.management.ManagementFactory.getPlatformMBeanServer(),
                new javax.management.ObjectName("io.vecbox:type=WorkerPool,name=" + pool), WorkerPoolMXBean.class);
    }

    @Test
    void aSteadyQueryAndWriteLoadLosesNothingWhileEveryWorkerIsRecycled() throws Exception {
        Path db;
        Queue<Long> acknowledged = new ConcurrentLinkedQueue<>();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        PoolStats stats;
        Pools.LogCapture log = new Pools.LogCapture();
        try (log; WorkerPool pool = Pools.builder(dir, "rc-load").readers(2).maxRequestsPerWorker(50).build()) {
            db = pool.database();
            pool.execute("create table t(id integer primary key, v text)");
            AtomicInteger done = new AtomicInteger();
            AtomicBoolean enough = new AtomicBoolean();
            ExecutorService callers = Executors.newFixedThreadPool(4);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                long base = c * 1_000_000L;
                running.add(callers.submit(() -> {
                    // Until every slot runs a replaced worker and a few thousand requests are done;
                    // 20,000 at most, so a pool that never recycles fails the assertions, not the timeout.
                    for (long i = 0; i < 5_000 && !enough.get(); i++) {
                        try {
                            if (i % 3 == 0) {
                                pool.execute("insert into t(id, v) values (?, ?)", base + i, "v" + i);
                                acknowledged.add(base + i);
                            } else {
                                pool.query("select count(*), max(id) from t where id >= ?", base);
                            }
                        } catch (WorkerPoolException e) {
                            failures.add(e.toString());
                        }
                        if (done.incrementAndGet() >= 3_000
                                && pool.workers().stream().allMatch(w -> w.generation() > 1)) {
                            enough.set(true);
                        }
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            callers.shutdown();
            stats = pool.stats();
            assertThat(pool.workers()).as("every slot runs a replaced worker")
                    .allSatisfy(w -> assertThat(w.generation()).isGreaterThan(1));
        }
        // After close(), which waits for the lifecycle threads that log each hand-over.
        assertThat(log.lines("INFO")).as("the reason is logged")
                .anySatisfy(l -> assertThat(l).matches("rc-load - worker-\\d+#\\d+ recycled after \\d+ requests "
                        + "\\(maxRequestsPerWorker 50\\); worker-\\d+#\\d+ took over"));
        assertThat(log.lines("WARN")).as("nothing was lost").noneMatch(l -> l.contains(" lost: "));
        assertThat(failures).as("failed requests").isEmpty();
        assertThat(stats.restarts()).isPositive();
        assertThat(stats.crashes()).isZero();
        assertThat(stats.failed()).isZero();
        assertThat(DbFile.longs(db, "select id from t order by id")).as("acknowledged writes in the file after close")
                .containsAll(acknowledged);
    }

    @Test
    void aWriterHeldByATransactionIsRecycledOnlyAfterTheTransactionEnds() throws Exception {
        Path db;
        try (WorkerPool pool = Pools.builder(dir, "rc-tx").readers(1).registerMBeans(true).listener(events).build()) {
            db = pool.database();
            pool.execute("create table t(id integer primary key)");
            try (Transaction tx = pool.begin()) {
                assertThat(tx.execute("insert into t(id) values (1) returning id").returned().worker())
                        .isEqualTo("worker-0#1");
                assertThat(mbean("rc-tx").recycleWorker("worker-0")).isTrue();
                assertThat(mbean("rc-tx").recycleWorker("worker-0")).as("already under way").isFalse();
                events.await("started worker-0#2");

                assertThat(slot(pool, 0).name()).as("the replacement waits for the transaction").isEqualTo("worker-0#1");
                assertThat(slot(pool, 0).state()).isEqualTo("LEASED");
                assertThat(tx.execute("insert into t(id) values (2) returning id").returned().worker())
                        .isEqualTo("worker-0#1");
                tx.commit();
            }
            assertThat(slot(pool, 0).name()).as("took over once the transaction ended").isEqualTo("worker-0#2");
            assertThat(pool.execute("insert into t(id) values (3) returning id").returned().worker())
                    .isEqualTo("worker-0#2");
            assertThat(pool.query("select count(*) from t").rows().get(0).getLong(0)).isEqualTo(3);
            assertThat(pool.stats().restarts()).isEqualTo(1);
            assertThat(pool.stats().crashes()).isZero();
        }
        assertThat(DbFile.longs(db, "select id from t order by id")).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aReaderHeldByAStreamIsRecycledOnlyAfterTheStreamIsClosed() throws Exception {
        try (WorkerPool pool = Pools.builder(dir, "rc-stream").readers(1).registerMBeans(true).listener(events)
                .build()) {
            pool.execute("create table t(id integer primary key)");
            pool.executeMany("insert into t(id) values (?)", java.util.stream.LongStream.rangeClosed(1, 100)
                    .mapToObj(i -> new Object[] {i}).toList());
            long sum = 0;
            try (RowStream rows = pool.stream(FetchSize.rows(10), "select id from t order by id")) {
                java.util.Iterator<Row> it = rows.iterator();
                sum += it.next().getLong(0);
                assertThat(mbean("rc-stream").recycleWorker("worker-1#1")).isTrue();
                events.await("started worker-1#2");
                assertThat(slot(pool, 1).name()).as("the replacement waits for the stream").isEqualTo("worker-1#1");
                while (it.hasNext()) {
                    sum += it.next().getLong(0);
                }
            }
            assertThat(sum).as("every row, read from the worker that opened the stream").isEqualTo(5050);
            assertThat(slot(pool, 1).name()).as("took over once the stream ended").isEqualTo("worker-1#2");
            assertThat(pool.query("select count(*) from t").worker()).isEqualTo("worker-1#2");
            assertThat(pool.stats().failed()).isZero();
            assertThat(pool.stats().crashes()).isZero();
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void workersAboveTheResidentMemoryCeilingAreRecycled() throws Exception {
        Replacements replacements = new Replacements(2);
        try (Pools.LogCapture log = new Pools.LogCapture();
             WorkerPool pool = Pools.builder(dir, "rc-rss").readers(1).maxWorkerRss(1L << 20)
                     .listener(replacements).build()) {
            pool.execute("create table t(id integer primary key)");
            replacements.await();
            assertThat(pool.stats().restarts()).isPositive();
            assertThat(pool.stats().crashes()).isZero();
            pool.execute("insert into t(id) values (1)");
            assertThat(pool.query("select count(*) from t").rows().get(0).getLong(0)).isEqualTo(1);
            pool.close();
            assertThat(log.lines("INFO")).anySatisfy(l -> assertThat(l)
                    .matches("rc-rss - worker-\\d+#\\d+ recycled: resident memory [\\d,]+ MB above 1 MB \\(maxWorkerRss\\); "
                            + "worker-\\d+#\\d+ took over"));
        }
    }

    @Test
    void aRecycledStandbyStaysTheStandbyAndIsPromotedWhenTheWriterIsLost() throws Exception {
        Replacements replacements = new Replacements(3);
        Path db;
        try (WorkerPool pool = Pools.builder(dir, "rc-standby").readers(1).standbyWriter(true).registerMBeans(true)
                .listener(replacements).build()) {
            db = pool.database();
            pool.execute("create table t(id integer primary key)");
            assertThat(mbean("rc-standby").recycleAllWorkers()).isEqualTo(3);
            replacements.await();
            assertThat(pool.workers()).extracting(WorkerInfo::name, WorkerInfo::role, WorkerInfo::state)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("worker-0#2", "writer", "IDLE"),
                            org.assertj.core.groups.Tuple.tuple("worker-1#2", "reader", "IDLE"),
                            org.assertj.core.groups.Tuple.tuple("worker-2#2", "standby", "STANDBY"));
            assertThat(pool.execute("insert into t(id) values (1) returning id").returned().worker())
                    .isEqualTo("worker-0#2");

            ProcessHandle.of(slot(pool, 0).pid()).orElseThrow().destroyForcibly();
            replacements.awaitPromotion();
            assertThat(pool.execute("insert into t(id) values (2) returning id").returned().worker())
                    .as("the recycled standby takes the writes").isEqualTo("worker-2#2");
        }
        assertThat(DbFile.longs(db, "select id from t order by id")).containsExactly(1L, 2L);
    }

    @Test
    void theMXBeanShowsTheStatsRecyclesEveryWorkerAndGoesAwayAtClose() throws Exception {
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        javax.management.ObjectName name = new javax.management.ObjectName("io.vecbox:type=WorkerPool,name=rc-jmx");
        Replacements replacements = new Replacements(3);
        try (WorkerPool pool = Pools.builder(dir, "rc-jmx").readers(2).registerMBeans(true).listener(replacements)
                .build()) {
            assertThat(server.isRegistered(name)).isTrue();
            pool.execute("create table t(id integer primary key)");
            pool.query("select count(*) from t");
            assertThat(server.getAttribute(name, "Workers")).isEqualTo(3);
            assertThat((Long) server.getAttribute(name, "Completed")).isEqualTo(2L);
            assertThat(server.getAttribute(name, "Crashes")).isEqualTo(0L);

            Throwable clash = org.assertj.core.api.Assertions.catchThrowable(() ->
                    Pools.builder(dir.resolve("other"), "rc-jmx").registerMBeans(true).build());
            assertThat(clash).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rc-jmx")
                    .hasMessageContaining("registerMBeans");

            assertThat(server.invoke(name, "recycleAllWorkers", null, null)).isEqualTo(3);
            replacements.await();
            assertThat(pool.workers()).extracting(WorkerInfo::name)
                    .containsExactly("worker-0#2", "worker-1#2", "worker-2#2");
            assertThat(server.getAttribute(name, "Restarts")).isEqualTo(3L);
            pool.execute("insert into t(id) values (1)");
            assertThat(pool.query("select count(*) from t").rows().get(0).getLong(0)).isEqualTo(1);
            assertThat(server.getAttribute(name, "Crashes")).isEqualTo(0L);
        }
        assertThat(server.isRegistered(name)).as("unregistered by close()").isFalse();
    }
}
