package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link WorkerPool#stream} and {@link Transaction#stream} on real workers: every row once and in
 * order in pages, the reader held only while the stream is open, its snapshot, and what an idle
 * or lost cursor turns into.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RowStreamIT {
    @TempDir
    Path dir;

    /** Fills t with ids 1..n. */
    private static void fill(WorkerPool pool, int n) {
        pool.execute("create table if not exists t(id integer primary key, v text)");
        pool.execute("insert into t(id, v) with recursive c(x) as (select 1 union all select x + 1 from c where x < ?)"
                + " select x, 'row-' || x from c", n);
    }

    private static void awaitReader(WorkerPool pool, String state) {
        while (Pools.pidOf(pool, state, "reader") < 0) {
            Thread.onSpinWait();
        }
    }

    @Test
    void twoHundredThousandRowsStreamInPagesEachOnceInOrder() {
        try (WorkerPool pool = Pools.builder(dir, "big").readers(1).build()) {
            fill(pool, 200_000);
            long before = pool.stats().completed(); // counted before a request's future completes
            long expected = 1;
            try (RowStream rows = pool.stream(FetchSize.rows(1000), "select id, v from t order by id")) {
                assertThat(rows.columns()).containsExactly("id", "v");
                for (Row row : rows) {
                    assertThat(row.getLong(0)).isEqualTo(expected);
                    assertThat(row.getString("v")).isEqualTo("row-" + expected);
                    expected++;
                }
            }
            assertThat(expected - 1).as("every row, past maxRows (10,000)").isEqualTo(200_000);
            assertThat(pool.stats().completed() - before).as("openCursor and a fetch per further page")
                    .isEqualTo(200);
            assertThat(pool.stats().leased()).as("read to its end: the reader is free").isZero();
        }
    }

    @Test
    void earlyCloseReleasesTheOnlyReader() {
        try (WorkerPool pool = Pools.builder(dir, "early").readers(1).acquireTimeout(Duration.ofSeconds(5)).build()) {
            fill(pool, 1000);
            RowStream rows = pool.stream(FetchSize.rows(10), "select id from t");
            Iterator<Row> it = rows.iterator();
            for (int i = 0; i < 5; i++) {
                assertThat(it.next().getLong(0)).isEqualTo(i + 1);
            }
            PoolStats held = pool.stats(); // one snapshot: a prefetch moves the reader between BUSY and LEASED
            assertThat(held.leased() + held.busy()).as("the stream holds the reader: %s", held).isOne();
            rows.close();
            rows.close(); // idempotent
            assertThat(pool.query("select count(*) from t").rows().get(0).getLong(0)).isEqualTo(1000);
            assertThat(catchThrowableOfType(it::hasNext, CursorClosedException.class))
                    .as("reading a stream closed before its end").isNotNull();
            assertThat(catchThrowableOfType(rows::iterator, IllegalStateException.class)).isNotNull();
        }
    }

    @Test
    void smallResultHoldsNoReader() {
        try (WorkerPool pool = Pools.builder(dir, "small").readers(1).build()) {
            fill(pool, 3);
            try (RowStream rows = pool.stream("select id from t")) {
                assertThat(pool.stats().leased()).as("the first page was the last").isZero();
                assertThat(rows.stream().map(r -> r.getLong(0)).toList()).containsExactly(1L, 2L, 3L);
            }
        }
    }

    @Test
    void streamSeesItsSnapshotWhileTheWriterCommitsMore() {
        try (WorkerPool pool = Pools.builder(dir, "snapshot").readers(1).build()) {
            fill(pool, 1000);
            long seen = 0;
            try (RowStream rows = pool.stream(FetchSize.rows(100), "select id from t order by id")) {
                Iterator<Row> it = rows.iterator();
                assertThat(it.next().getLong(0)).isEqualTo(1);
                seen++;
                pool.execute("insert into t(id, v) with recursive c(x) as (select 1001 union all select x + 1 from c"
                        + " where x < 2000) select x, 'more' from c");
                while (it.hasNext()) {
                    assertThat(it.next().getLong(0)).isLessThanOrEqualTo(1000);
                    seen++;
                }
            }
            assertThat(seen).isEqualTo(1000);
            assertThat(pool.query("select count(*) from t").rows().get(0).getLong(0)).isEqualTo(2000);
        }
    }

    @Test
    void idleCursorIsClosedAndTheNextReadSaysSo() {
        try (WorkerPool pool = Pools.builder(dir, "idle").readers(1).cursorIdleTimeout(Duration.ofMillis(300))
                .build()) {
            fill(pool, 1000);
            long start = System.nanoTime();
            RowStream rows = pool.stream(FetchSize.rows(10), "select id from t");
            Iterator<Row> it = rows.iterator();
            it.next();
            awaitReader(pool, "LEASED");
            awaitReader(pool, "IDLE"); // the pool closed the cursor and released the reader
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
            int read = 1;
            CursorClosedException e = null;
            while (e == null && read <= 1000) {
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    it.next();
                    read++;
                } catch (CursorClosedException closed) {
                    e = closed;
                }
            }
            assertThat(e).as("after %d rows", read).isNotNull();
            assertThat(e.getMessage()).contains("cursorIdleTimeout");
            assertThat(read).as("the page in hand and the one asked ahead").isLessThanOrEqualTo(20);
            assertThat(pool.query("select 1").rows()).hasSize(1);
        }
    }

    @Test
    void readerKilledAfterTheFirstPageClosesTheStreamWithTheCrashAsCause() throws Exception {
        try (WorkerPool pool = Pools.builder(dir, "killed").readers(1).build()) {
            fill(pool, 1000);
            RowStream rows = pool.stream(FetchSize.rows(10), "select id from t");
            Iterator<Row> it = rows.iterator();
            it.next();
            awaitReader(pool, "LEASED");
            ProcessHandle victim = ProcessHandle.of(Pools.pidOf(pool, "LEASED", "reader")).orElseThrow();
            assertThat(victim.destroyForcibly()).isTrue();
            victim.onExit().get(10, TimeUnit.SECONDS);
            CursorClosedException e = null;
            int read = 1;
            while (e == null && read <= 1000) {
                try {
                    it.next();
                    read++;
                } catch (CursorClosedException closed) {
                    e = closed;
                }
            }
            assertThat(e).as("after %d rows", read).isNotNull();
            assertThat(e.getCause()).isInstanceOf(WorkerCrashedException.class);
            assertThat(read).isLessThanOrEqualTo(20);
            rows.close();
            assertThat(pool.query("select count(*) from t").rows().get(0).getLong(0)).isEqualTo(1000);
        }
    }

    @Test
    void streamWhoseReaderDiesBeforeItsFirstPageIsRetriedOnceLikeAQuery() {
        try (WorkerPool pool = Pools.builder(dir, "retry").readers(2).build()) {
            fill(pool, 30);
            Path once = dir.resolve("halt-once");
            try (RowStream rows = pool.stream(FetchSize.rows(10), "select id, vecbox_fault('halt', 42, ?) from t",
                    once.toString())) {
                assertThat(rows.stream().mapToLong(r -> r.getLong(0)).sum()).isEqualTo(30 * 31 / 2);
            }
            assertThat(pool.stats().crashes()).isOne();
            assertThat(pool.stats().leased()).isZero();
        }
    }

    @Test
    void streamInsideATransactionSeesItsWritesAndEndsWithIt() {
        try (WorkerPool pool = Pools.builder(dir, "in-tx").readers(1).build()) {
            fill(pool, 10);
            try (Transaction tx = pool.begin()) {
                tx.execute("insert into t(id, v) with recursive c(x) as (select 11 union all select x + 1 from c"
                        + " where x < 50) select x, 'tx' from c");
                try (RowStream rows = tx.stream(FetchSize.rows(7), "select id from t order by id")) {
                    assertThat(rows.stream().mapToLong(r -> r.getLong(0)).toArray()).hasSize(50).startsWith(1L)
                            .endsWith(50L);
                }
                RowStream open = tx.stream(FetchSize.rows(5), "select id from t");
                Iterator<Row> it = open.iterator();
                it.next();
                tx.commit();
                CursorClosedException e = catchThrowableOfType(() -> {
                    while (it.hasNext()) {
                        it.next();
                    }
                }, CursorClosedException.class);
                assertThat(e.getMessage()).contains("its transaction committed");
                open.close();
            }
            assertThat(pool.query("select count(*) from t").rows().get(0).getLong(0)).isEqualTo(50);
        }
    }

    @Test
    void untrustedPoolRefusesAWriteThroughStreamAsThroughQuery() {
        try (WorkerPool pool = Pools.builder(dir, "gate").readers(1).sandbox(SandboxPolicy.untrusted()).build()) {
            fill(pool, 5);
            SandboxViolationException viaQuery = catchThrowableOfType(() -> pool.query("delete from t"),
                    SandboxViolationException.class);
            SandboxViolationException viaStream = catchThrowableOfType(() -> pool.stream("delete from t"),
                    SandboxViolationException.class);
            assertThat(viaStream).isNotNull();
            assertThat(viaStream.rule()).isEqualTo(viaQuery.rule());
            assertThat(catchThrowableOfType(() -> pool.stream("select 1; delete from t"),
                    SandboxViolationException.class)).isNotNull();
            try (RowStream rows = pool.stream("select count(*) from t")) {
                assertThat(rows.iterator().next().getLong(0)).isEqualTo(5);
            }
        }
    }
}
