package io.vecbox.worker;

import io.vecbox.protocol.ErrorCode;
import io.vecbox.protocol.ErrorReply;
import io.vecbox.protocol.Request;
import io.vecbox.protocol.Response;
import io.vecbox.protocol.Result;
import io.vecbox.protocol.Role;
import io.vecbox.protocol.TransactionRequest;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import org.sqlite.core.DB;

/**
 * A transaction that spans requests, opened by {@code transaction begin} and ended by
 * {@code commit} or {@code rollback}: {@code BEGIN IMMEDIATE} on the writer, a deferred
 * {@code BEGIN} (a read snapshot) on a reader. While it is held, the after-request autocommit
 * check ({@link Transactions#inAutocommit}) would end it, so {@link #afterRequest} checks the
 * opposite instead: that SQLite has not rolled it back on its own, which it does when a writing
 * statement is interrupted or fails with SQLITE_FULL, IOERR or NOMEM (sqlite3VdbeHalt in
 * vdbeaux.c). Statement thread only.
 */
final class HeldTransaction {
    /** The savepoint a batch or execute-many runs in while a transaction is held. */
    private static final String SAVEPOINT = "vecbox_request";

    private final DB db;
    private final AutocommitProbe probe;
    private final Role role;
    private final Cursors cursors;
    private boolean held;

    HeldTransaction(DB db, AutocommitProbe probe, Role role, Cursors cursors) {
        this.db = db;
        this.probe = probe;
        this.role = role;
        this.cursors = cursors;
    }

    /** @return whether a transaction opened by {@code transaction begin} is open */
    boolean held() {
        return held;
    }

    /**
     * Runs a transaction request.
     *
     * @return its answer: a result, or a BAD_REQUEST for an action out of order
     * @throws SQLException if SQLite fails the statement (a failed COMMIT is rolled back first)
     */
    Response control(TransactionRequest t, long start) throws SQLException {
        String action = t.action().wireName();
        if (t.action() == TransactionRequest.Action.BEGIN) {
            if (held) {
                return badRequest(t, "transaction begin: a transaction is already open on the " + role.wireName()
                        + "; commit or roll it back first", start);
            }
            db._exec(role == Role.WRITER ? "begin immediate" : "begin");
            held = true;
            return done(t, start);
        }
        if (!held) {
            return badRequest(t, "transaction " + action + ": no transaction is open on the " + role.wireName()
                    + " (never begun, already ended, or lost)", start);
        }
        cursors.closeTransaction(action);
        held = false;
        if (t.action() == TransactionRequest.Action.COMMIT) {
            try {
                db._exec("commit");
            } catch (SQLException e) {
                rollbackQuietly(e);
                SQLException failed = new SQLException("commit failed, so the transaction was rolled back: "
                        + e.getMessage(), e.getSQLState(), SqlSession.sqliteCode(e), e);
                throw failed;
            }
        } else {
            try {
                db._exec("rollback");
            } catch (SQLException e) {
                // Whatever SQLite says, the transaction is gone; the autocommit check that follows
                // turns a transaction still open into an error.
                StderrLog.warn("rollback failed: " + e.getMessage());
            }
        }
        return done(t, start);
    }

    /**
     * The answer to a request once it has run: outside a held transaction, after making sure the
     * connection is back in autocommit; inside one, after making sure the transaction is still
     * open, else TRANSACTION_LOST.
     */
    Response afterRequest(Request request, Response response, long start) {
        if (!held) {
            return Transactions.inAutocommit(probe, db, role, request, response, start);
        }
        if (stillOpen()) {
            return response;
        }
        held = false;
        cursors.closeTransaction("lost");
        StderrLog.warn("request " + request.id() + ": SQLite rolled back the held transaction");
        String lost = "SQLite rolled back the transaction, so nothing written since transaction begin was kept; "
                + "the " + role.wireName() + " is back in autocommit";
        if (response instanceof ErrorReply e) {
            return new ErrorReply(e.id(), ErrorCode.TRANSACTION_LOST, e.sqliteCode(), e.message() + "; " + lost,
                    e.code().name(), e.elapsedNanos());
        }
        return new ErrorReply(request.id(), ErrorCode.TRANSACTION_LOST, 0, "the transaction ended during the request: "
                + lost, "", System.nanoTime() - start);
    }

    /**
     * A query must not end a held transaction behind the host's back (outside one, the
     * after-request autocommit check stands, as before transactions could be held).
     *
     * @throws IllegalArgumentException if a transaction is held and the SQL is transaction control
     */
    void checkQuery(String sql) {
        String keyword = held ? Transactions.controlKeyword(sql) : null;
        if (keyword != null) {
            throw new IllegalArgumentException("transaction control (" + keyword.toUpperCase(Locale.ROOT)
                    + ") inside a held transaction: end it with transaction commit or rollback");
        }
    }

    /**
     * @throws IllegalArgumentException on the writer outside a held transaction (a cursor would hold
     *     a statement open across the autocommit boundary), or if the SQL is transaction control
     */
    void checkCursor(String sql) {
        if (role == Role.WRITER && !held) {
            throw new IllegalArgumentException("openCursor on the writer needs a held transaction (transaction "
                    + "begin): a cursor would hold a statement open across the autocommit boundary");
        }
        String keyword = Transactions.controlKeyword(sql);
        if (keyword != null) {
            throw new IllegalArgumentException("transaction control (" + keyword.toUpperCase(Locale.ROOT)
                    + ") cannot open a cursor");
        }
    }

    /**
     * Rolls back a held transaction at shutdown, so that the writer's WAL checkpoint can run (a
     * checkpoint inside an open transaction fails with SQLITE_LOCKED). Nothing of it was committed.
     */
    void abandon() {
        if (held) {
            held = false;
            StderrLog.warn("shutting down inside a held transaction: rolled back");
            try {
                db._exec("rollback");
            } catch (SQLException e) {
                StderrLog.warn("rollback at shutdown failed: " + e.getMessage());
            }
        }
    }

    /** Work that runs inside a savepoint. */
    interface Work {
        long run() throws SQLException;
    }

    /**
     * Runs work inside a savepoint of the held transaction: all of it stays, or none of it (the
     * transaction itself goes on either way, unless SQLite rolled it back).
     */
    long inSavepoint(Work work) throws SQLException {
        db._exec("savepoint " + SAVEPOINT);
        try {
            long result = work.run();
            db._exec("release " + SAVEPOINT);
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                db._exec("rollback to " + SAVEPOINT);
                db._exec("release " + SAVEPOINT);
            } catch (SQLException suppressed) {
                // SQLite may have rolled back the whole transaction; afterRequest reports that.
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * SQLite's {@code sqlite3_get_autocommit} == 0, asked without disturbing the transaction
     * ({@link AutocommitProbe}): a BEGIN fails inside a transaction and changes nothing. If it
     * succeeds the transaction was gone, and the empty one it opened is committed at once. A BEGIN
     * that fails for another reason also counts as open: the next request finds out.
     */
    private boolean stillOpen() {
        try {
            if (!probe.begin()) {
                return true;
            }
        } catch (SQLException statementsGone) {
            return true;
        }
        try {
            if (!probe.commit()) {
                db._exec("commit"); // once more, for SQLite's message if it fails again
            }
        } catch (SQLException e) {
            rollbackQuietly(e);
        }
        return false;
    }

    private void rollbackQuietly(Exception cause) {
        try {
            db._exec("rollback");
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static Result done(TransactionRequest t, long start) {
        return new Result(t.id(), List.of(), List.of(), 0, 0, false, System.nanoTime() - start, List.of());
    }

    private static ErrorReply badRequest(TransactionRequest t, String message, long start) {
        return new ErrorReply(t.id(), ErrorCode.BAD_REQUEST, 0, message, "", System.nanoTime() - start);
    }
}
