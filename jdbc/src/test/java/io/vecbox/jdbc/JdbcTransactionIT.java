package io.vecbox.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vecbox.supervisor.TransactionLostException;
import io.vecbox.supervisor.WorkerCrashedException;
import io.vecbox.supervisor.WorkerInfo;
import io.vecbox.supervisor.WorkerPool;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions through JDBC on real workers: commit, rollback, reading its own writes, isolation
 * from other connections, other writers waiting, the idle timeout and a writer killed under an
 * open transaction.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JdbcTransactionIT {
    @TempDir
    Path dir;

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select count(*) from " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void update(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    private VecboxDataSource dataSource(String name, String extra) throws SQLException {
        VecboxDataSource ds = new VecboxDataSource(Urls.url(dir, name, extra));
        try (Connection c = ds.getConnection()) {
            update(c, "create table t(id integer primary key, v text)");
        }
        return ds;
    }

    private static long writerPid(WorkerPool pool, String state) {
        for (WorkerInfo w : pool.workers()) {
            if (w.role().equals("writer") && w.state().equals(state)) {
                return w.pid();
            }
        }
        return -1;
    }

    @Test
    void aTransactionReadsItsOwnWritesWhileOthersSeeThemOnlyAfterCommit() throws Exception {
        try (VecboxDataSource ds = dataSource("isolation", "");
             Connection tx = ds.getConnection(); Connection other = ds.getConnection()) {
            tx.setAutoCommit(false);
            update(tx, "insert into t(id) values (1)");
            assertThat(count(tx, "t")).as("read your writes").isOne();
            assertThat(count(other, "t")).as("not committed yet").isZero();
            tx.commit();
            assertThat(count(other, "t")).isOne();

            update(tx, "insert into t(id) values (2)");
            assertThat(count(tx, "t")).isEqualTo(2);
            tx.rollback();
            assertThat(count(tx, "t")).isOne();
            assertThat(count(other, "t")).isOne();
            tx.commit(); // nothing open: does nothing
        }
    }

    @Test
    void aTableCreatedInTheTransactionIsUsableInItAndGoneAfterRollback() throws Exception {
        try (VecboxDataSource ds = dataSource("ddl", ""); Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            update(c, "create table u(x)");
            update(c, "insert into u values (7)");
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select x from u")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getInt(1)).isEqualTo(7);
            }
            c.rollback();
            c.setAutoCommit(true);
            assertThatThrownBy(() -> count(c, "u")).hasMessageContaining("no such table: u");
        }
    }

    @Test
    void setAutoCommitTrueCommitsAndCloseRollsBack() throws Exception {
        try (VecboxDataSource ds = dataSource("ends", ""); Connection check = ds.getConnection()) {
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                update(c, "insert into t(id) values (1)");
                c.setAutoCommit(true);
                assertThat(count(check, "t")).isOne();
                c.setAutoCommit(false);
                update(c, "insert into t(id) values (2)");
            }
            assertThat(count(check, "t")).as("close rolled back").isOne();
            assertThat(ds.unwrap(WorkerPool.class).stats().leased()).isZero();
        }
    }

    @Test
    void anotherWriterWaitsForTheTransactionUpToAcquireTimeout() throws Exception {
        try (VecboxDataSource ds = dataSource("wait", "acquireTimeout=500ms");
             Connection tx = ds.getConnection(); Connection other = ds.getConnection()) {
            tx.setAutoCommit(false);
            update(tx, "insert into t(id) values (1)");
            long start = System.nanoTime();
            SQLTransientConnectionException e = catchThrowableOfType(
                    () -> update(other, "insert into t(id) values (2)"), SQLTransientConnectionException.class);
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(e.getSQLState()).isEqualTo("08001");
            assertThat(waited).isBetween(400L, 5000L);
            assertThat(count(other, "t")).as("reads go on meanwhile").isZero();
            tx.commit();
            update(other, "insert into t(id) values (2)");
            assertThat(count(other, "t")).isEqualTo(2);
        }
    }

    @Test
    void anIdleTransactionIsRolledBackAndTheNextCallSaysSo() throws Exception {
        try (VecboxDataSource ds = dataSource("idle", "transactionIdleTimeout=300ms");
             Connection c = ds.getConnection(); Connection check = ds.getConnection()) {
            WorkerPool pool = ds.unwrap(WorkerPool.class);
            c.setAutoCommit(false);
            update(c, "insert into t(id) values (1)");
            assertThat(pool.stats().leased()).isOne();
            while (pool.stats().leased() > 0) {
                Thread.sleep(10); // the pool's idle timer is what ends it: poll for that, no fixed wait
            }
            SQLTransactionRollbackException e = catchThrowableOfType(() -> update(c, "insert into t(id) values (2)"),
                    SQLTransactionRollbackException.class);
            assertThat(e.getSQLState()).isEqualTo("40000");
            assertThat((Throwable) e).hasMessageContaining("transactionIdleTimeout");
            assertThat(((TransactionLostException) e.getCause()).reason())
                    .isEqualTo(TransactionLostException.Reason.IDLE_TIMEOUT);
            update(c, "insert into t(id) values (3)");
            c.commit();
            try (Statement s = check.createStatement(); ResultSet r = s.executeQuery("select id from t")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getLong(1)).as("only what the second transaction wrote").isEqualTo(3);
                assertThat(r.next()).isFalse();
            }
        }
    }

    @Test
    void writerKilledMidTransactionMakesTheNextCallA40000AndTheOneAfterStartsAfresh() throws Exception {
        try (VecboxDataSource ds = dataSource("kill", ""); Connection c = ds.getConnection();
             Connection check = ds.getConnection()) {
            WorkerPool pool = ds.unwrap(WorkerPool.class);
            c.setAutoCommit(false);
            update(c, "insert into t(id) values (1)");
            ProcessHandle writer = ProcessHandle.of(writerPid(pool, "LEASED")).orElseThrow();
            assertThat(writer.destroyForcibly()).isTrue();
            writer.onExit().get(10, TimeUnit.SECONDS);

            SQLTransactionRollbackException e = catchThrowableOfType(() -> update(c, "insert into t(id) values (2)"),
                    SQLTransactionRollbackException.class);
            assertThat(e.getSQLState()).isEqualTo("40000");
            TransactionLostException lost = (TransactionLostException) e.getCause();
            assertThat(lost.reason()).isEqualTo(TransactionLostException.Reason.WORKER_LOST);
            assertThat(lost.getCause()).isInstanceOf(WorkerCrashedException.class);

            update(c, "insert into t(id) values (3)");
            c.commit();
            try (Statement s = check.createStatement(); ResultSet r = s.executeQuery("select id from t")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getLong(1)).isEqualTo(3);
                assertThat(r.next()).isFalse();
            }
        }
    }

    @Test
    void aTransactionsResultSetsCloseAtCommit() throws Exception {
        try (VecboxDataSource ds = dataSource("holdability", ""); Connection c = ds.getConnection()) {
            update(c, "with recursive n(i) as (select 1 union all select i + 1 from n where i < 1000) "
                    + "insert into t(id) select i from n");
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.setFetchSize(10);
                ResultSet r = s.executeQuery("select id from t order by id");
                assertThat(r.next()).isTrue();
                c.commit();
                assertThat(r.isClosed()).isTrue();
                assertThatThrownBy(r::next).hasMessageContaining("closed");
            }
            assertThat(ds.unwrap(WorkerPool.class).stats().leased()).isZero();
        }
    }
}
