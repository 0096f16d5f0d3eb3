package io.vecbox.worker;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sqlite.SQLiteConnection;
import org.sqlite.core.CoreStatement;

/**
 * Prepared statements by SQL text, least recently used evicted. Preparing is a large share of
 * a small query's cost, and hosts repeat the same few statements with different parameters.
 * Used by the statement thread only.
 */
final class StatementCache {
    private final SQLiteConnection conn;
    private final int capacity;
    private final LinkedHashMap<String, PreparedStatement> cache;
    /**
     * The SQL of each statement handed out and not yet released. (sqlite-jdbc's toString() of a
     * statement, once taken for its SQL, appends its parameters: no key ever matched, and every
     * request prepared its statement again.)
     */
    private final Map<PreparedStatement, String> lent = new IdentityHashMap<>();

    StatementCache(SQLiteConnection conn, int capacity) {
        this.conn = conn;
        this.capacity = capacity;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                if (size() > StatementCache.this.capacity) {
                    closeQuietly(eldest.getValue());
                    return true;
                }
                return false;
            }
        };
    }

    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = capacity > 0 ? cache.remove(sql) : null;
        if (ps == null) {
            ps = conn.prepareStatement(sql);
        }
        if (capacity > 0) {
            lent.put(ps, sql);
        }
        return ps;
    }

    /**
     * Returns a statement after use: reset and cached, or closed if caching is off. A statement
     * is never cached unreset: one left mid-way would keep its transaction (and VACUUM's "SQL
     * statements in progress" check) busy until it was next used.
     */
    void release(PreparedStatement ps) {
        if (capacity <= 0) {
            closeQuietly(ps);
            return;
        }
        try {
            reset(ps);
            ps.clearParameters();
            ps.clearBatch();
        } catch (SQLException e) {
            closeQuietly(ps);
            return;
        }
        String sql = lent.remove(ps);
        if (sql == null) { // not one of ours
            closeQuietly(ps);
            return;
        }
        PreparedStatement previous = cache.put(sql, ps);
        if (previous != null && previous != ps) {
            closeQuietly(previous);
        }
    }

    /**
     * {@code sqlite3_reset}: ends the statement's run whatever state it is in, so it holds no
     * transaction or lock. sqlite-jdbc resets only when a statement is next executed or its
     * result set closed, and not at all after a step that returned SQLITE_DONE.
     *
     * @throws SQLException if the statement is already closed
     */
    static void reset(PreparedStatement ps) throws SQLException {
        if (ps instanceof CoreStatement core && !core.pointer.isClosed()) {
            // The return code repeats the last step's error, which the caller has already seen.
            core.pointer.safeRunInt((db, ptr) -> db.reset(ptr));
        }
    }

    void close() {
        cache.values().forEach(StatementCache::closeQuietly);
        cache.clear();
        lent.clear();
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException ignored) {
            // closing a cached statement can only fail if the connection is already gone
        }
    }
}
