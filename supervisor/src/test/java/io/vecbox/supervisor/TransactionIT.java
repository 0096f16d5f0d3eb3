package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link WorkerPool#transaction} and {@link WorkerPool#begin()} on real workers: what a commit
 * leaves in the file (read in-process after close), what a rollback, an exception, an idle
 * timeout or a lost writer leave (nothing), and how other writes wait for the writer meanwhile.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TransactionIT {
    @TempDir
    Path dir;

    private WorkerPool pool(String name) {
        WorkerPool pool = Pools.builder(dir, name).readers(1).build();
        pool.execute("create table t(id integer primary key, v text)");
        return pool;
    }

    private static long count(WorkerPool pool) {
        return pool.query("select count(*) from t").rows().get(0).getLong(0);
    }

    /** Polls until the pool's writer is in {@code state}: a state change, not a time, is what the test waits for. */
    private static void awaitWriter(WorkerPool pool, String state) {
        while (Pools.pidOf(pool, state, "writer") < 0) {
            Thread.onSpinWait();
        }
    }

    @Test
    void committedTransactionIsInTheFileAfterClose() {
        Path db;
        long returned;
        try (WorkerPool pool = pool("commit")) {
            db = pool.database();
            returned = pool.transaction(tx -> {
                tx.execute("insert into t(id, v) values (1, 'a')");
                tx.executeMany("insert into t(id, v) values (?, ?)", List.of(new Object[] {2, "b"},
                        new Object[] {3, "c"}));
                tx.executeBatch(List.of(Statement.of("insert into t(id, v) values (4, 'd')")));
                return tx.execute("insert into t(v) values ('e')").lastInsertRowid();
            });
            assertThat(returned).isEqualTo(5);
            assertThat(count(pool)).as("readers see it once committed").isEqualTo(5);
            assertThat(pool.stats().leased()).isZero();
        }
        assertThat(DbFile.longs(db, "select id from t order by id")).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void rollbackAndAnExceptionInWorkDiscardEverythingAndTheExceptionIsRethrownUnchanged() {
        Path db;
        try (WorkerPool pool = pool("rollback")) {
            db = pool.database();
            try (Transaction tx = pool.begin()) {
                tx.execute("insert into t(id) values (1)");
                tx.rollback();
                assertThat(tx.isOpen()).isFalse();
                tx.rollback(); // idempotent
            }
            IllegalStateException thrown = new IllegalStateException("work failed");
            IllegalStateException caught = catchThrowableOfType(() -> pool.transaction(tx -> {
                tx.execute("insert into t(id) values (2)");
                throw thrown;
            }), IllegalStateException.class);
            assertThat(caught).isSameAs(thrown);
            assertThat(caught.getSuppressed()).isEmpty();
            try (Transaction tx = pool.begin()) {
                tx.execute("insert into t(id) values (3)");
            } // close without commit rolls back
            assertThat(count(pool)).isZero();
            assertThat(pool.execute("insert into t(id) values (9)").changes()).as("the writer is free").isOne();
        }
        assertThat(DbFile.longs(db, "select id from t")).containsExactly(9L);
    }

    @Test
    void transactionReadsItsOwnWritesAndReadersSeeThemOnlyAfterCommit() {
        try (WorkerPool pool = pool("isolation")) {
            try (Transaction tx = pool.begin()) {
                tx.execute("insert into t(id, v) values (1, 'mine')");
                assertThat(tx.query("select v from t where id = 1").rows().get(0).getString(0)).isEqualTo("mine");
                assertThat(count(pool)).as("a reader, before commit").isZero();
                try (RowStream rows = tx.stream("select v from t")) {
                    assertThat(rows.stream().map(r -> r.getString(0)).toList()).containsExactly("mine");
                }
                tx.commit();
                assertThat(tx.isOpen()).isFalse();
                assertThat(catchThrowableOfType(tx::commit, IllegalStateException.class))
                        .hasMessageContaining("already committed");
            }
            assertThat(count(pool)).isOne();
        }
    }

    @Test
    void aSecondWriterWaitsForTheTransactionThenRuns() throws Exception {
        try (WorkerPool pool = pool("second-writer")) {
            CompletableFuture<UpdateResult> other;
            try (Transaction tx = pool.begin()) {
                tx.execute("insert into t(id) values (1)");
                other = CompletableFuture.supplyAsync(() -> pool.execute("insert into t(id) values (100)"));
                while (pool.stats().queued() < 1) {
                    Thread.onSpinWait();
                }
                tx.execute("insert into t(id) values (2)");
                assertThat(tx.query("select count(*) from t where id = 100").rows().get(0).getLong(0))
                        .as("the other write has not run inside the transaction").isZero();
                assertThat(other).isNotDone();
                PoolStats held = pool.stats(); // one snapshot, as a worker may move between BUSY and LEASED
                assertThat(held.leased() + held.busy()).isGreaterThanOrEqualTo(1);
                tx.commit();
            }
            assertThat(other.get(30, TimeUnit.SECONDS).changes()).isOne();
            assertThat(count(pool)).isEqualTo(3);
        }
    }

    @Test
    void aWriteWaitingForAHeldWriterTimesOut() {
        try (WorkerPool pool = Pools.builder(dir, "acquire").readers(1).acquireTimeout(Duration.ofMillis(400))
                .build()) {
            pool.execute("create table t(id integer primary key, v text)");
            try (Transaction tx = pool.begin()) {
                tx.execute("insert into t(id) values (1)");
                long start = System.nanoTime();
                AcquireTimeoutException e = catchThrowableOfType(() -> pool.execute("insert into t(id) values (2)"),
                        AcquireTimeoutException.class);
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertThat(e).isNotNull();
                assertThat(e.getMessage()).contains("no writer available").contains("held by a transaction");
                assertThat(ms).isGreaterThanOrEqualTo(400).isLessThan(10_000);
                AcquireTimeoutException begin = catchThrowableOfType(pool::begin, AcquireTimeoutException.class);
                assertThat(begin).as("a second transaction waits in the same queue").isNotNull();
                assertThat(tx.isOpen()).isTrue();
                tx.commit();
            }
            assertThat(count(pool)).isOne();
        }
    }

    @Test
    void idleTransactionIsRolledBackAndItsNextCallSaysSo() {
        Path db;
        try (WorkerPool pool = Pools.builder(dir, "idle").readers(1).transactionIdleTimeout(Duration.ofMillis(300))
                .build(); Pools.LogCapture log = new Pools.LogCapture()) {
            db = pool.database();
            pool.execute("create table t(id integer primary key, v text)");
            Transaction tx = pool.begin();
            long start = System.nanoTime();
            tx.execute("insert into t(id) values (1)");
            awaitWriter(pool, "LEASED");
            awaitWriter(pool, "IDLE"); // the pool rolled it back and released the writer
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(ms).isGreaterThanOrEqualTo(300);
            assertThat(tx.isOpen()).isFalse();
            TransactionLostException e = catchThrowableOfType(() -> tx.execute("insert into t(id) values (2)"),
                    TransactionLostException.class);
            assertThat(e.reason()).isEqualTo(TransactionLostException.Reason.IDLE_TIMEOUT);
            assertThat(e.getMessage()).contains("transactionIdleTimeout");
            assertThat(catchThrowableOfType(tx::commit, TransactionLostException.class).reason())
                    .isEqualTo(TransactionLostException.Reason.IDLE_TIMEOUT);
            tx.rollback(); // never throws for a lost transaction
            assertThat(log.lines("WARN")).anyMatch(l -> l.contains("transactionIdleTimeout"));
            assertThat(pool.execute("insert into t(id) values (3)").changes()).as("the writer is usable").isOne();
        }
        assertThat(DbFile.longs(db, "select id from t")).containsExactly(3L);
    }

    @Test
    void writerKilledMidTransactionLosesItOnThatCallAndTheNext() throws Exception {
        Path db;
        try (WorkerPool pool = pool("kill-writer")) {
            db = pool.database();
            Transaction tx = pool.begin();
            tx.execute("insert into t(id) values (1)");
            awaitWriter(pool, "LEASED");
            ProcessHandle victim = ProcessHandle.of(Pools.pidOf(pool, "LEASED", "writer")).orElseThrow();
            assertThat(victim.destroyForcibly()).isTrue();
            victim.onExit().get(10, TimeUnit.SECONDS);

            for (int call = 0; call < 2; call++) {
                TransactionLostException e = catchThrowableOfType(() -> tx.execute("insert into t(id) values (2)"),
                        TransactionLostException.class);
                assertThat(e).as("call %d", call).isNotNull();
                assertThat(e.reason()).isEqualTo(TransactionLostException.Reason.WORKER_LOST);
                assertThat(e.getCause()).isInstanceOf(WorkerCrashedException.class);
                assertThat(((WorkerCrashedException) e.getCause()).signal()).hasValue("SIGKILL");
            }
            assertThat(tx.isOpen()).isFalse();
            tx.close();
            assertThat(pool.execute("insert into t(id) values (5)").changes()).as("the pool writes again").isOne();
        }
        assertThat(DbFile.longs(db, "select id from t")).containsExactly(5L);
    }

    @Test
    void writerCrashingUnderATransactionStatementFailsThatCallWithTheCrash() {
        Path db;
        try (WorkerPool pool = pool("crash-writer")) {
            db = pool.database();
            TransactionLostException e = catchThrowableOfType(() -> pool.transaction(tx -> {
                tx.execute("insert into t(id) values (1)");
                return tx.query("select vecbox_fault('halt', 9)");
            }), TransactionLostException.class);
            assertThat(e.reason()).isEqualTo(TransactionLostException.Reason.WORKER_LOST);
            WorkerCrashedException crash = (WorkerCrashedException) e.getCause();
            assertThat(crash.exitCode()).hasValue(9);
            assertThat(crash.writeOutcomeUnknown()).as("a statement inside a transaction is rolled back").isFalse();
            assertThat(crash.getMessage()).contains("the transaction is rolled back");
            assertThat(pool.<Long>transaction(tx -> tx.execute("insert into t(id) values (7)").changes())).isOne();
        }
        assertThat(DbFile.longs(db, "select id from t")).containsExactly(7L);
    }

    @Test
    void writerHungPastItsDeadlineInsideATransactionIsKilledAndTheTransactionLost() {
        Path db;
        try (WorkerPool pool = Pools.builder(dir, "hung").readers(1).writeTimeout(Duration.ofMillis(300))
                .killGracePeriod(Duration.ofMillis(300)).build()) {
            db = pool.database();
            pool.execute("create table t(id integer primary key, v text)");
            Transaction tx = pool.begin();
            tx.execute("insert into t(id) values (1)");
            TransactionLostException e = catchThrowableOfType(() -> tx.execute("select vecbox_fault('spin')"),
                    TransactionLostException.class);
            assertThat(e.reason()).isEqualTo(TransactionLostException.Reason.WORKER_LOST);
            assertThat(e.getCause()).isInstanceOf(QueryTimeoutException.class)
                    .hasMessageContaining("ignored its 300 ms deadline");
            assertThat(catchThrowableOfType(tx::commit, TransactionLostException.class).getCause())
                    .isInstanceOf(QueryTimeoutException.class);
            assertThat(pool.execute("insert into t(id) values (2)").changes()).isOne();
        }
        assertThat(DbFile.longs(db, "select id from t")).containsExactly(2L);
    }

    @Test
    void statementInterruptedAtItsDeadlineRollsTheTransactionBackAndSqliteSaysSo() {
        Path db;
        try (WorkerPool pool = Pools.builder(dir, "interrupted").readers(1).writeTimeout(Duration.ofMillis(300))
                .build()) {
            db = pool.database();
            pool.execute("create table t(id integer primary key, v text)");
            Transaction tx = pool.begin();
            tx.execute("insert into t(id) values (1)");
            TransactionLostException e = catchThrowableOfType(() -> tx.execute("insert into t(id) with recursive"
                    + " c(x) as (select 2 union all select x + 1 from c) select x from c"),
                    TransactionLostException.class);
            assertThat(e).isNotNull();
            assertThat(e.reason()).isEqualTo(TransactionLostException.Reason.ROLLED_BACK_BY_SQLITE);
            TransactionLostException next = catchThrowableOfType(() -> tx.execute("insert into t(id) values (3)"),
                    TransactionLostException.class);
            assertThat(next.reason()).isEqualTo(TransactionLostException.Reason.ROLLED_BACK_BY_SQLITE);
            assertThat(pool.stats().crashes()).as("SQLite rolled it back; no worker was lost").isZero();
            assertThat(pool.execute("insert into t(id) values (4)").changes()).isOne();
        }
        assertThat(DbFile.longs(db, "select id from t")).containsExactly(4L);
    }

    @Test
    void failingBatchInsideATransactionLeavesItOpen() {
        Path db;
        try (WorkerPool pool = pool("batch")) {
            db = pool.database();
            try (Transaction tx = pool.begin()) {
                tx.execute("insert into t(id) values (1)");
                QueryFailedException e = catchThrowableOfType(() -> tx.executeBatch(List.of(
                        Statement.of("insert into t(id) values (2)"),
                        Statement.of("insert into t(id) values (1)"))), QueryFailedException.class);
                assertThat(e.getMessage()).containsIgnoringCase("unique");
                assertThat(tx.isOpen()).isTrue();
                assertThat(tx.query("select id from t").rows()).hasSize(1);
                QueryFailedException control = catchThrowableOfType(() -> tx.execute("commit"),
                        QueryFailedException.class);
                assertThat(control.getMessage()).contains("Transaction.commit()");
                assertThat(tx.isOpen()).isTrue();
                tx.commit();
            }
        }
        assertThat(DbFile.longs(db, "select id from t")).containsExactly(1L);
    }

    @Test
    void closingThePoolDoesNotWaitForAnIdleTransactionAndRollsItBack() {
        Path db;
        Transaction tx;
        WorkerPool pool = Pools.builder(dir, "close").readers(1).shutdownGracePeriod(Duration.ofSeconds(20)).build();
        db = pool.database();
        pool.execute("create table t(id integer primary key, v text)");
        tx = pool.begin();
        tx.execute("insert into t(id) values (1)");
        long start = System.nanoTime();
        pool.close();
        assertThat((System.nanoTime() - start) / 1_000_000).as("close did not wait out the grace period")
                .isLessThan(10_000);
        TransactionLostException e = catchThrowableOfType(() -> tx.execute("insert into t(id) values (2)"),
                TransactionLostException.class);
        assertThat(e.reason()).isEqualTo(TransactionLostException.Reason.POOL_CLOSED);
        assertThat(e.getCause()).isInstanceOf(PoolClosedException.class);
        tx.close();
        assertThat(DbFile.longs(db, "select count(*) from t")).containsExactly(0L);
    }
}
