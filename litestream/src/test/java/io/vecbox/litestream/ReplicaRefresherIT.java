package io.vecbox.litestream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vecbox.supervisor.QueryResult;
import io.vecbox.supervisor.Statement;
import io.vecbox.supervisor.WorkerPool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer pool and a {@link Replicator} on the primary, a {@link ReplicaRefresher} with a short
 * period on the replica side, on one machine through a {@code file://} replica.
 */
@EnabledIf(value = "io.vecbox.litestream.LitestreamBinary#isAvailable", disabledReason = "no Litestream for this platform: set -Dvecbox.litestream")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReplicaRefresherIT {
    private static final Duration PERIOD = Duration.ofMillis(200);

    @TempDir
    Path dir;

    private ReplicaRefresher refresher(String url, RefresherListener listener) {
        return ReplicaRefresher.builder(url, dir.resolve("copies")).period(PERIOD).listener(listener)
                .pool(WorkerPool.builder().name("replica").readers(2).knnFastPath(false)).start();
    }

    /**
     * Asks the replica pool after each swap (there is no event for "the primary's write reached the
     * replica"; a swap is the next best thing) until it sees {@code expected} rows or the deadline.
     */
    private static long awaitCount(WorkerPool replica, Semaphore swaps, long expected, Duration deadline)
            throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        long seen = -1;
        while (true) {
            seen = replica.query("select count(*) from rows").rows().get(0).getLong(0);
            if (seen == expected) {
                return seen;
            }
            long left = end - System.nanoTime();
            if (left <= 0 || !swaps.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                throw new AssertionError("the replica pool saw " + seen + " rows, not " + expected + ", within "
                        + deadline.toMillis() + " ms");
            }
        }
    }

    @Test
    void rowsWrittenOnThePrimaryAppearOnTheReplica() throws Exception {
        Path db = dir.resolve("app.db");
        String url = Replicas.fileUrl(dir.resolve("replica"));
        try (WorkerPool primary = Replicas.primary(db).build();
             Replicator replicator = Replicas.replicator(db, url).start()) {
            primary.execute("create table rows(id integer primary key, body text not null)");
            primary.execute("insert into rows(id, body) values (1, 'first')");
            Semaphore swaps = new Semaphore(0);
            try (ReplicaRefresher replica = refresher(url, new RefresherListener() {
                @Override
                public void swapped(Path copy, RefresherStats stats) {
                    swaps.release();
                }
            })) {
                WorkerPool pool = replica.pool();
                assertThat(awaitCount(pool, swaps, 1, Duration.ofSeconds(30))).isEqualTo(1);
                for (long id = 2; id <= 50; id++) {
                    primary.execute("insert into rows(id, body) values (?, ?)", id, "row " + id);
                }
                // several periods: each refresh restores, checks the copy in a worker and swaps it in
                awaitCount(pool, swaps, 50, Duration.ofSeconds(30));
                QueryResult r = pool.query("select id, body from rows where id in (1, 50) order by id");
                assertThat(r.rows().get(0).getString(1)).isEqualTo("first");
                assertThat(r.rows().get(1).getString(1)).isEqualTo("row 50");
                RefresherStats stats = replica.stats();
                assertThat(stats.swaps()).isPositive();
                assertThat(stats.failures()).isZero();
            }
        }
    }

    @Test
    void queriesAcross20SwapsNeverFailAndNeverMixTwoStates() throws Exception {
        Path db = dir.resolve("app.db");
        String url = Replicas.fileUrl(dir.resolve("replica"));
        try (WorkerPool primary = Replicas.primary(db).build();
             Replicator replicator = Replicas.replicator(db, url).start()) {
            primary.execute("create table a(v integer not null)");
            primary.execute("create table b(v integer not null)");
            primary.executeBatch(List.of(Statement.of("insert into a values (0)"), Statement.of("insert into b values (0)")));
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                for (long v = 1; !stop.get(); v++) {
                    // both tables change in one transaction: a copy holds both or neither
                    primary.executeBatch(List.of(Statement.of("update a set v = ?", v), Statement.of("update b set v = ?", v)));
                }
            }, "test-primary-writer");
            writer.start();
            CountDownLatch twentySwaps = new CountDownLatch(21); // the first copy, then 20 swaps
            try (ReplicaRefresher replica = refresher(url, new RefresherListener() {
                @Override
                public void swapped(Path copy, RefresherStats stats) {
                    twentySwaps.countDown();
                }
            })) {
                WorkerPool pool = replica.pool();
                AtomicReference<Throwable> failure = new AtomicReference<>();
                AtomicLong queries = new AtomicLong();
                List<Thread> readers = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    Thread reader = new Thread(() -> {
                        long last = -1;
                        while (!stop.get() && failure.get() == null) {
                            try {
                                QueryResult r = pool.query("select (select v from a), (select v from b)");
                                long va = r.rows().get(0).getLong(0);
                                long vb = r.rows().get(0).getLong(1);
                                if (va != vb) {
                                    failure.set(new AssertionError("rows from two states: a=" + va + ", b=" + vb));
                                } else if (va < last) {
                                    failure.set(new AssertionError("went back from " + last + " to " + va));
                                }
                                last = va;
                                queries.incrementAndGet();
                            } catch (RuntimeException e) {
                                failure.set(e);
                            }
                        }
                    }, "test-replica-reader-" + t);
                    reader.start();
                    readers.add(reader);
                }
                twentySwaps.await(150, TimeUnit.SECONDS);
                stop.set(true);
                for (Thread reader : readers) {
                    reader.join();
                }
                assertThat(failure.get()).as("a query failed or mixed states").isNull();
                assertThat(replica.stats().swaps()).as("swaps within the deadline").isGreaterThanOrEqualTo(20);
                assertThat(queries.get()).isPositive();
                assertThat(replica.stats().failures()).isZero();
            } finally {
                stop.set(true);
                writer.join();
            }
        }
    }
}
