package io.vecbox.worker;

import io.vecbox.protocol.Batch;
import io.vecbox.protocol.Configure;
import io.vecbox.protocol.Execute;
import io.vecbox.protocol.ExecuteMany;
import io.vecbox.protocol.Result;
import io.vecbox.protocol.RowStream;
import io.vecbox.protocol.SqlStatement;
import io.vecbox.protocol.UpdateCount;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.sqlite.SQLiteConnection;
import org.sqlite.core.DB;

/**
 * The writer's requests: execute, batch and execute-many. Every statement is stepped to its end
 * (SQLITE_DONE) and reset before the answer is built, whatever it returns: a statement left
 * in progress keeps SQLite's write transaction open, so later autocommit writes are never
 * committed and {@code VACUUM} fails. Rows a statement returns go back to the caller, within
 * {@link ReturnedRows}' caps. Statement thread only.
 */
final class Writes {
    /** How long the checkpoint at shutdown waits for another process's reader before giving up. */
    private static final int SHUTDOWN_CHECKPOINT_BUSY_MILLIS = 1000;

    private final Configure config;
    private final SQLiteConnection conn;
    private final StatementCache cache;
    private final HeldTransaction held;

    Writes(Configure config, SQLiteConnection conn, StatementCache cache, HeldTransaction held) {
        this.config = config;
        this.conn = conn;
        this.cache = cache;
        this.held = held;
    }

    Result execute(Execute e, long start) throws SQLException {
        UpdateCount c = run(e.sql(), e.params(), budget());
        return new Result(e.id(), c.columns(), c.rows(), c.changes(), c.lastInsertRowid(), c.truncated(),
                System.nanoTime() - start, List.of());
    }

    Result batch(Batch b, long start) throws SQLException {
        List<UpdateCount> updates = new ArrayList<>(b.statements().size());
        ReturnedRows budget = budget();
        long total = inTransaction(() -> {
            long changes = 0;
            for (SqlStatement s : b.statements()) {
                UpdateCount c = run(s.sql(), s.params(), budget);
                updates.add(c);
                changes += c.changes();
            }
            return changes;
        });
        long rowid = updates.isEmpty() ? lastInsertRowid() : updates.get(updates.size() - 1).lastInsertRowid();
        return new Result(b.id(), List.of(), List.of(), total, rowid, false, System.nanoTime() - start, updates);
    }

    /**
     * @param arriving the request's rows while they are still arriving (see {@link Worker}), or null
     *     for those in {@code m}; a malformed one fails as an {@link java.io.UncheckedIOException}
     *     after everything was rolled back. On any failure the rest are left where they are.
     */
    Result executeMany(ExecuteMany m, RowStream arriving, long start) throws SQLException {
        refuseTransactionControl(m.sql());
        ReturnedRows discard = ReturnedRows.discarding();
        DB db = conn.getDatabase();
        long total = inTransaction(() -> {
            long changes = 0;
            PreparedStatement ps = cache.prepare(m.sql());
            try {
                Iterator<List<Object>> rows = arriving != null ? arriving.iterator() : m.rows().iterator();
                while (rows.hasNext()) {
                    SqlSession.bind(ps, rows.next());
                    long before = db.total_changes();
                    step(ps, discard);
                    changes += changesSince(db, before);
                }
            } finally {
                cache.release(ps);
            }
            return changes;
        });
        return new Result(m.id(), List.of(), List.of(), total, lastInsertRowid(), false, System.nanoTime() - start,
                List.of());
    }

    /**
     * Runs work in one transaction (BEGIN IMMEDIATE, the writer's mode): committed whole, or rolled
     * back. Inside a held transaction, in a savepoint of it instead: kept whole, or rolled back to
     * the savepoint.
     */
    private long inTransaction(HeldTransaction.Work work) throws SQLException {
        if (held.held()) {
            return held.inSavepoint(work);
        }
        conn.setAutoCommit(false);
        try {
            long result = work.run();
            conn.commit();
            return result;
        } catch (SQLException | RuntimeException ex) {
            rollback(ex);
            throw ex;
        } finally {
            conn.setAutoCommit(true);
        }
    }

    private ReturnedRows budget() {
        return ReturnedRows.keeping(config.maxRows(), config.maxResultBytes());
    }

    private UpdateCount run(String sql, List<Object> params, ReturnedRows budget) throws SQLException {
        refuseTransactionControl(sql);
        DB db = conn.getDatabase();
        PreparedStatement ps = cache.prepare(sql);
        try {
            SqlSession.bind(ps, params);
            long before = db.total_changes();
            ReturnedRows.Rows rows = step(ps, budget);
            return new UpdateCount(changesSince(db, before), lastInsertRowid(), rows.columns(), rows.rows(),
                    rows.truncated());
        } finally {
            cache.release(ps);
        }
    }

    /**
     * Runs a bound statement to SQLITE_DONE and resets it, even when a step fails.
     *
     * @return the rows it returned, as far as the budget keeps them
     */
    private static ReturnedRows.Rows step(PreparedStatement ps, ReturnedRows budget) throws SQLException {
        try {
            if (!ps.execute()) {
                return ReturnedRows.Rows.NONE; // no columns: the first step was the last
            }
            try (ResultSet rs = ps.getResultSet()) {
                return rs == null ? ReturnedRows.Rows.NONE : budget.read(rs);
            }
        } finally {
            StatementCache.reset(ps);
        }
    }

    /**
     * {@code sqlite3_changes} reports the last INSERT, UPDATE or DELETE that completed, even when
     * the statement just run was DDL or a pragma; {@code sqlite3_total_changes} moves only when
     * this statement changed rows. So: changes() if total_changes() moved, else 0.
     */
    private static long changesSince(DB db, long totalChangesBefore) throws SQLException {
        return db.total_changes() != totalChangesBefore ? db.changes() : 0;
    }

    private static void refuseTransactionControl(String sql) {
        String keyword = Transactions.controlKeyword(sql);
        if (keyword != null) {
            throw new IllegalArgumentException("transaction control (" + keyword.toUpperCase(java.util.Locale.ROOT)
                    + ") cannot run as a write request: " + Transactions.ADVICE);
        }
    }

    /**
     * Checkpoints the WAL into the database file and truncates it ({@code wal_checkpoint(TRUNCATE)}),
     * so that a graceful close leaves one self-contained file. The supervisor stops readers before
     * the writer, so none holds a snapshot that would keep the checkpoint from finishing; if another
     * process still reads, it gives up after a second and the WAL stays (SQLite keeps the file
     * consistent either way).
     */
    void checkpointAtShutdown() {
        try {
            conn.getDatabase().busy_timeout(Math.min(config.busyTimeoutMillis(), SHUTDOWN_CHECKPOINT_BUSY_MILLIS));
            try (Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("pragma wal_checkpoint(TRUNCATE)")) {
                if (rs.next() && rs.getInt(1) != 0) {
                    StderrLog.warn("WAL checkpoint at shutdown could not finish (another connection is reading);"
                            + " the -wal file stays next to the database: log " + rs.getInt(2) + " frames, "
                            + rs.getInt(3) + " checkpointed");
                }
            }
        } catch (SQLException e) {
            StderrLog.error("WAL checkpoint at shutdown failed", e);
        }
    }

    long lastInsertRowid() throws SQLException {
        PreparedStatement ps = cache.prepare("select last_insert_rowid()");
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        } finally {
            cache.release(ps);
        }
    }

    private void rollback(Exception cause) {
        try {
            conn.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
