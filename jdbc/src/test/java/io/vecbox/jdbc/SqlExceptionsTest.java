package io.vecbox.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.vecbox.supervisor.AcquireTimeoutException;
import io.vecbox.supervisor.CursorClosedException;
import io.vecbox.supervisor.PoolClosedException;
import io.vecbox.supervisor.PoolOverloadedException;
import io.vecbox.supervisor.QueryFailedException;
import io.vecbox.supervisor.QueryQuarantinedException;
import io.vecbox.supervisor.QueryTimeoutException;
import io.vecbox.supervisor.ReadOnlyPoolException;
import io.vecbox.supervisor.SandboxViolationException;
import io.vecbox.supervisor.TransactionLostException;
import io.vecbox.supervisor.TransactionLostException.Reason;
import io.vecbox.supervisor.WorkerCrashedException;
import io.vecbox.supervisor.WorkerPoolException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLNonTransientException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SqlExceptionsTest {
    private static QueryFailedException sqlite(int code) {
        return new QueryFailedException("SQLite says " + code, 7, "worker-1#1", Duration.ZERO, code, "SQL_ERROR");
    }

    private static WorkerCrashedException crash(boolean write) {
        return new WorkerCrashedException("worker-0#1 died", 7, "worker-0#1", Duration.ZERO, 42, 137, "SIGKILL", "",
                write, null);
    }

    private static void assertMapped(RuntimeException e, Class<? extends SQLException> type, String state,
                                     int vendor) {
        SQLException s = SqlExceptions.map(e);
        assertThat((Throwable) s).isExactlyInstanceOf(type).hasCause(e);
        assertThat(s.getSQLState()).isEqualTo(state);
        assertThat(s.getErrorCode()).isEqualTo(vendor);
        assertThat(s.getMessage()).contains(e.getMessage());
    }

    @Test
    void constraintsAreIntegrityViolationsWithTheirOwnState() {
        assertMapped(sqlite(2067), SQLIntegrityConstraintViolationException.class, "23505", 2067);
        assertMapped(sqlite(1555), SQLIntegrityConstraintViolationException.class, "23505", 1555);
        assertMapped(sqlite(787), SQLIntegrityConstraintViolationException.class, "23503", 787);
        assertMapped(sqlite(1299), SQLIntegrityConstraintViolationException.class, "23502", 1299);
        assertMapped(sqlite(275), SQLIntegrityConstraintViolationException.class, "23514", 275);
        assertMapped(sqlite(19), SQLIntegrityConstraintViolationException.class, "23000", 19);
    }

    @Test
    void sqliteCodesKeepTheirCodeAsVendorCode() {
        assertMapped(sqlite(1), SQLSyntaxErrorException.class, "42000", 1);
        assertMapped(sqlite(5), SQLTransientException.class, "40001", 5);
        assertMapped(sqlite(8), SQLNonTransientException.class, "25006", 8);
        assertMapped(sqlite(13), SQLNonTransientException.class, "53100", 13);
        assertMapped(sqlite(18), java.sql.SQLDataException.class, "22001", 18);
        assertMapped(sqlite(11), SQLNonTransientException.class, "XX001", 11);
        assertMapped(sqlite(2), SQLException.class, "HY000", 2);
    }

    @Test
    void poolFailuresMapToTheirKinds() {
        assertMapped(new QueryTimeoutException("ran past 5s", 7, "worker-1#1", Duration.ofSeconds(5),
                Duration.ofSeconds(5), false, false), SQLTimeoutException.class, "HYT00", 0);
        assertMapped(new AcquireTimeoutException("no worker after 10s", Duration.ofSeconds(10)),
                SQLTransientConnectionException.class, "08001", 0);
        assertMapped(new PoolOverloadedException("1000 queued", 1000), SQLTransientConnectionException.class,
                "08004", 0);
        assertMapped(new ReadOnlyPoolException("read-only"), SQLNonTransientException.class, "25006", 0);
        assertMapped(new SandboxViolationException("denied", -1, "", Duration.ZERO, "gate"),
                SQLNonTransientException.class, "42501", 0);
        assertMapped(new QueryQuarantinedException("quarantined", Duration.ofMinutes(5)),
                SQLNonTransientException.class, "HY000", 0);
        assertMapped(new PoolClosedException("pool closed"), SQLNonTransientConnectionException.class, "08003", 0);
        assertMapped(new CursorClosedException("closed after 60000 ms idle", null), SQLNonTransientException.class,
                "24000", 0);
        assertMapped(new WorkerPoolException("something else"), SQLException.class, "HY000", 0);
    }

    @Test
    void aCrashInAutocommitIsATransientConnectionFailureAndSaysWhenAWriteMayHaveCommitted() {
        assertMapped(crash(false), SQLTransientConnectionException.class, "08006", 0);
        assertMapped(crash(true), SQLTransientConnectionException.class, "08007", 0);
    }

    @Test
    void aLostTransactionIsRolledBack() {
        for (Reason r : new Reason[] {Reason.WORKER_LOST, Reason.IDLE_TIMEOUT, Reason.ROLLED_BACK_BY_SQLITE}) {
            TransactionLostException e = new TransactionLostException("lost: " + r, r, crash(true));
            assertMapped(e, SQLTransactionRollbackException.class, "40000", 0);
            assertThat((Throwable) SqlExceptions.map(e)).hasMessageContaining("retry all of it");
        }
        assertMapped(new TransactionLostException("pool closed", Reason.POOL_CLOSED, null),
                SQLNonTransientConnectionException.class, "08003", 0);
    }

    @Test
    void theWriterLostDuringCommitLeavesTheOutcomeUnknown() {
        TransactionLostException during = new TransactionLostException("lost", Reason.WORKER_LOST, crash(true));
        SQLException s = SqlExceptions.mapCommit(during);
        assertThat((Throwable) s).isInstanceOf(SQLTransientConnectionException.class).hasCause(during)
                .hasMessageContaining("may or may not have committed");
        assertThat(s.getSQLState()).isEqualTo("08007");

        TransactionLostException before = new TransactionLostException("lost", Reason.WORKER_LOST, crash(false));
        assertThat(SqlExceptions.mapCommit(before).getSQLState()).isEqualTo("40000");
        SQLException crashed = SqlExceptions.mapCommit(crash(false));
        assertThat(crashed.getSQLState()).as("the commit itself was in flight").isEqualTo("08007");
        TransactionLostException idle = new TransactionLostException("idle", Reason.IDLE_TIMEOUT, null);
        assertThat((Throwable) SqlExceptions.mapCommit(idle)).isInstanceOf(SQLTransactionRollbackException.class);
    }

    @Test
    void anInterruptedWaitKeepsTheInterruptFlag() {
        SQLException s = SqlExceptions.map(new io.vecbox.supervisor.RequestInterruptedException("interrupted",
                new InterruptedException()));
        assertThat(Thread.interrupted()).isTrue();
        assertThat(s.getSQLState()).isEqualTo("HY008");
    }
}
