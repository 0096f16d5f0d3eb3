package io.vecbox.jdbc;

import io.vecbox.supervisor.AcquireTimeoutException;
import io.vecbox.supervisor.CursorClosedException;
import io.vecbox.supervisor.PoolClosedException;
import io.vecbox.supervisor.PoolOverloadedException;
import io.vecbox.supervisor.QueryFailedException;
import io.vecbox.supervisor.QueryQuarantinedException;
import io.vecbox.supervisor.QueryTimeoutException;
import io.vecbox.supervisor.RequestInterruptedException;
import io.vecbox.supervisor.ResultTooLargeException;
import io.vecbox.supervisor.ReadOnlyPoolException;
import io.vecbox.supervisor.SandboxViolationException;
import io.vecbox.supervisor.TransactionLostException;
import io.vecbox.supervisor.WorkerCrashedException;
import io.vecbox.supervisor.WorkerStartException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLNonTransientException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;

/**
 * Maps every vecbox failure to a {@link SQLException} subclass and SQLState, keeping the
 * original exception as the cause. The vendor code ({@link SQLException#getErrorCode()}) is
 * SQLite's extended result code where SQLite failed the statement, else 0.
 *
 * <table>
 * <caption>vecbox exception to SQLException</caption>
 * <tr><th>vecbox</th><th>SQLException</th><th>SQLState</th></tr>
 * <tr><td>QueryFailedException, SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY</td>
 *     <td>SQLIntegrityConstraintViolationException</td><td>23505</td></tr>
 * <tr><td>... _FOREIGNKEY / _NOTNULL / _CHECK / other constraint</td>
 *     <td>SQLIntegrityConstraintViolationException</td><td>23503 / 23502 / 23514 / 23000</td></tr>
 * <tr><td>... SQLITE_ERROR (syntax, unknown table or column, an error a function raised)</td>
 *     <td>SQLSyntaxErrorException</td><td>42000</td></tr>
 * <tr><td>... SQLITE_BUSY, SQLITE_LOCKED</td><td>SQLTransientException</td><td>40001</td></tr>
 * <tr><td>... SQLITE_READONLY</td><td>SQLNonTransientException</td><td>25006</td></tr>
 * <tr><td>... SQLITE_TOOBIG, SQLITE_MISMATCH, SQLITE_RANGE</td><td>SQLDataException</td>
 *     <td>22001, 22000, 22023</td></tr>
 * <tr><td>... SQLITE_FULL, SQLITE_NOMEM, SQLITE_IOERR, SQLITE_CORRUPT / NOTADB</td>
 *     <td>SQLNonTransientException</td><td>53100, 53200, 58030, XX001</td></tr>
 * <tr><td>... SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_AUTH</td><td>SQLNonTransientConnectionException,
 *     SQLNonTransientException, SQLInvalidAuthorizationSpecException</td><td>08001, 42501, 28000</td></tr>
 * <tr><td>... the statement was cancelled</td><td>SQLTransientException</td><td>HY008</td></tr>
 * <tr><td>... any other (bad request, internal)</td><td>SQLException</td><td>HY000</td></tr>
 * <tr><td>QueryTimeoutException</td><td>SQLTimeoutException</td><td>HYT00</td></tr>
 * <tr><td>AcquireTimeoutException</td><td>SQLTransientConnectionException</td><td>08001</td></tr>
 * <tr><td>PoolOverloadedException</td><td>SQLTransientConnectionException</td><td>08004</td></tr>
 * <tr><td>SandboxViolationException</td><td>SQLNonTransientException</td><td>42501</td></tr>
 * <tr><td>QueryQuarantinedException</td><td>SQLNonTransientException</td><td>HY000</td></tr>
 * <tr><td>ResultTooLargeException</td><td>SQLNonTransientException</td><td>54000</td></tr>
 * <tr><td>WorkerCrashedException (autocommit; a read was retried once)</td>
 *     <td>SQLTransientConnectionException</td><td>08006, or 08007 for a write whose outcome is unknown</td></tr>
 * <tr><td>TransactionLostException (worker lost, idle timeout, rolled back by SQLite)</td>
 *     <td>SQLTransactionRollbackException</td><td>40000</td></tr>
 * <tr><td>TransactionLostException, the writer lost during {@code commit()} itself</td>
 *     <td>SQLTransientConnectionException</td><td>08007</td></tr>
 * <tr><td>TransactionLostException, the pool closed</td><td>SQLNonTransientConnectionException</td>
 *     <td>08003</td></tr>
 * <tr><td>CursorClosedException</td><td>SQLNonTransientException</td><td>24000</td></tr>
 * <tr><td>PoolClosedException</td><td>SQLNonTransientConnectionException</td><td>08003</td></tr>
 * <tr><td>WorkerStartException, PoolSetupException</td><td>SQLNonTransientConnectionException</td>
 *     <td>08001</td></tr>
 * <tr><td>RequestInterruptedException</td><td>SQLTransientException</td><td>HY008</td></tr>
 * <tr><td>any other WorkerPoolException</td><td>SQLException</td><td>HY000</td></tr>
 * </table>
 */
final class SqlExceptions {
    private static final int SQLITE_ERROR = 1;
    private static final int SQLITE_PERM = 3;
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_NOMEM = 7;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_INTERRUPT = 9;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_CANTOPEN = 14;
    private static final int SQLITE_TOOBIG = 18;
    private static final int SQLITE_CONSTRAINT = 19;
    private static final int SQLITE_MISMATCH = 20;
    private static final int SQLITE_AUTH = 23;
    private static final int SQLITE_RANGE = 25;
    private static final int SQLITE_NOTADB = 26;
    private static final int SQLITE_CONSTRAINT_CHECK = 275;
    private static final int SQLITE_CONSTRAINT_FOREIGNKEY = 787;
    private static final int SQLITE_CONSTRAINT_NOTNULL = 1299;
    private static final int SQLITE_CONSTRAINT_PRIMARYKEY = 1555;
    private static final int SQLITE_CONSTRAINT_UNIQUE = 2067;

    private SqlExceptions() {
    }

    /**
     * @param e a failure of the pool, or a programming error it reported (an argument it refused,
     *     a call out of order)
     * @return the SQLException for it, {@code e} as its cause
     */
    static SQLException map(RuntimeException e) {
        if (e instanceof QueryFailedException f) {
            return failed(f);
        } else if (e instanceof QueryTimeoutException) {
            return new SQLTimeoutException(e.getMessage(), "HYT00", e);
        } else if (e instanceof AcquireTimeoutException) {
            return new SQLTransientConnectionException(e.getMessage(), "08001", e);
        } else if (e instanceof PoolOverloadedException) {
            return new SQLTransientConnectionException(e.getMessage(), "08004", e);
        } else if (e instanceof ReadOnlyPoolException) {
            return new SQLNonTransientException(e.getMessage(), "25006", e);
        } else if (e instanceof SandboxViolationException) {
            return new SQLNonTransientException(e.getMessage(), "42501", e);
        } else if (e instanceof ResultTooLargeException) {
            return new SQLNonTransientException(e.getMessage(), "54000", e);
        } else if (e instanceof QueryQuarantinedException) {
            return new SQLNonTransientException(e.getMessage(), "HY000", e);
        } else if (e instanceof WorkerCrashedException c) {
            return new SQLTransientConnectionException(e.getMessage(), c.writeOutcomeUnknown() ? "08007" : "08006", e);
        } else if (e instanceof TransactionLostException t) {
            return lost(t);
        } else if (e instanceof CursorClosedException) {
            return new SQLNonTransientException(e.getMessage(), "24000", e);
        } else if (e instanceof PoolClosedException) {
            return new SQLNonTransientConnectionException(e.getMessage(), "08003", e);
        } else if (e instanceof WorkerStartException) {
            return new SQLNonTransientConnectionException(e.getMessage(), "08001", e);
        } else if (e instanceof RequestInterruptedException) {
            Thread.currentThread().interrupt();
            return new SQLTransientException(e.getMessage(), "HY008", e);
        } else if (e instanceof IllegalStateException) {
            return new SQLException(e.getMessage(), "HY010", e);
        } else if (e instanceof IllegalArgumentException) {
            return new SQLDataException(e.getMessage(), "22023", e);
        }
        return new SQLException(String.valueOf(e.getMessage()), "HY000", e);
    }

    /**
     * Maps a failure of {@code commit()}: a transaction whose writer was lost while the COMMIT
     * itself was in flight may or may not have committed, so it is 08007 (transaction resolution
     * unknown), not 40000.
     *
     * @param e the failure
     * @return the SQLException for it
     */
    static SQLException mapCommit(RuntimeException e) {
        boolean unknown = e instanceof TransactionLostException t
                && t.reason() == TransactionLostException.Reason.WORKER_LOST && outcomeUnknown(t.getCause())
                || e instanceof WorkerCrashedException || outcomeUnknown(e);
        if (unknown) {
            return new SQLTransientConnectionException("the writer was lost during COMMIT: the transaction may or "
                    + "may not have committed; check the data before retrying (" + e.getMessage() + ")", "08007", e);
        }
        return map(e);
    }

    private static boolean outcomeUnknown(Throwable cause) {
        return cause instanceof WorkerCrashedException c && c.writeOutcomeUnknown()
                || cause instanceof QueryTimeoutException q && q.writeOutcomeUnknown();
    }

    private static SQLException lost(TransactionLostException t) {
        if (t.reason() == TransactionLostException.Reason.POOL_CLOSED) {
            return new SQLNonTransientConnectionException(t.getMessage(), "08003", t);
        }
        int vendor = t.getCause() instanceof QueryFailedException f ? f.sqliteCode() : 0;
        return new SQLTransactionRollbackException(t.getMessage() + "; the transaction was rolled back, retry all "
                + "of it", "40000", vendor, t);
    }

    private static SQLException failed(QueryFailedException f) {
        int code = f.sqliteCode();
        String m = f.getMessage();
        if (code == 0) {
            if ("CANCELLED".equals(f.errorCode())) {
                return new SQLTransientException(m, "HY008", f);
            }
            return new SQLException(m, "HY000", f);
        }
        return switch (code & 0xff) {
            case SQLITE_CONSTRAINT -> new SQLIntegrityConstraintViolationException(m, constraintState(code), code, f);
            case SQLITE_ERROR -> new SQLSyntaxErrorException(m, "42000", code, f);
            case SQLITE_BUSY, SQLITE_LOCKED -> new SQLTransientException(m, "40001", code, f);
            case SQLITE_READONLY -> new SQLNonTransientException(m, "25006", code, f);
            case SQLITE_TOOBIG -> new SQLDataException(m, "22001", code, f);
            case SQLITE_MISMATCH -> new SQLDataException(m, "22000", code, f);
            case SQLITE_RANGE -> new SQLDataException(m, "22023", code, f);
            case SQLITE_FULL -> new SQLNonTransientException(m, "53100", code, f);
            case SQLITE_NOMEM -> new SQLNonTransientException(m, "53200", code, f);
            case SQLITE_IOERR -> new SQLNonTransientException(m, "58030", code, f);
            case SQLITE_CORRUPT, SQLITE_NOTADB -> new SQLNonTransientException(m, "XX001", code, f);
            case SQLITE_CANTOPEN -> new SQLNonTransientConnectionException(m, "08001", code, f);
            case SQLITE_PERM -> new SQLNonTransientException(m, "42501", code, f);
            case SQLITE_AUTH -> new SQLInvalidAuthorizationSpecException(m, "28000", code, f);
            case SQLITE_INTERRUPT -> new SQLTransientException(m, "HY008", code, f);
            default -> new SQLException(m, "HY000", code, f);
        };
    }

    private static String constraintState(int code) {
        return switch (code) {
            case SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY -> "23505";
            case SQLITE_CONSTRAINT_FOREIGNKEY -> "23503";
            case SQLITE_CONSTRAINT_NOTNULL -> "23502";
            case SQLITE_CONSTRAINT_CHECK -> "23514";
            default -> "23000";
        };
    }
}
