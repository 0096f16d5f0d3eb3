package io.vecbox.worker;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.sqlite.SQLiteConnection;
import org.sqlite.core.CoreStatement;

/**
 * SQLite's {@code sqlite3_get_autocommit}, which sqlite-jdbc does not expose (its
 * {@code getAutoCommit()} is the JDBC flag, not SQLite's state), asked the cheap way: a deferred
 * {@code BEGIN} succeeds only in autocommit and takes no lock, and the {@code COMMIT} of the empty
 * transaction it opened takes none either. Both are prepared once and stepped through the C API
 * ({@code sqlite3_step}, {@code sqlite3_reset}) rather than parsed by {@code sqlite3_exec} after
 * every request, which cost more than the rest of a small query's statement work. A step that
 * fails changes nothing, so the caller can ask again the slow way for SQLite's message.
 *
 * <p>Statement thread only, with no statement of the request still active.
 */
final class AutocommitProbe implements AutoCloseable {
    /** sqlite3_step's result when a statement ran to its end. */
    private static final int SQLITE_DONE = 101;

    private final PreparedStatement begin;
    private final PreparedStatement commit;

    /**
     * @param conn the connection to ask about; the statements live as long as it or until {@link #close}
     * @throws SQLException if SQLite cannot prepare {@code BEGIN} or {@code COMMIT}
     */
    AutocommitProbe(SQLiteConnection conn) throws SQLException {
        this.begin = conn.prepareStatement("begin");
        PreparedStatement c;
        try {
            c = conn.prepareStatement("commit");
        } catch (SQLException e) {
            closeQuietly(begin);
            throw e;
        }
        this.commit = c;
    }

    /**
     * Steps {@code BEGIN}.
     *
     * @return true if it succeeded: SQLite was in autocommit and an empty transaction is now open,
     *     to be ended with {@link #commit()}; false if it failed, which inside a transaction it always
     *     does ("cannot start a transaction within a transaction"), and then nothing changed
     * @throws SQLException if the statement is closed
     */
    boolean begin() throws SQLException {
        return stepAndReset(begin);
    }

    /**
     * Steps {@code COMMIT}, for the empty transaction {@link #begin()} opened.
     *
     * @return true if it succeeded and SQLite is back in autocommit
     * @throws SQLException if the statement is closed
     */
    boolean commit() throws SQLException {
        return stepAndReset(commit);
    }

    @Override
    public void close() {
        closeQuietly(begin);
        closeQuietly(commit);
    }

    private static boolean stepAndReset(PreparedStatement ps) throws SQLException {
        CoreStatement core = (CoreStatement) ps;
        int rc = core.pointer.safeRunInt((db, ptr) -> {
            try {
                return db.step(ptr);
            } finally {
                // sqlite3_reset repeats a failed step's code, which the caller learns from step's.
                db.reset(ptr);
            }
        });
        return rc == SQLITE_DONE;
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException ignored) {
            // only fails once the connection is gone, which finalizes the statement anyway
        }
    }
}
