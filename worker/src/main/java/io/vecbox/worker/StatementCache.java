package io.vecbox.worker;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sqlite.SQLiteConnection;

/**
 * Prepared statements by SQL text, least recently used evicted. Preparing is a large share of
 * a small query's cost, and hosts repeat the same few statements with different parameters.
 * Used by the statement thread only.
 */
final class StatementCache {
    private final SQLiteConnection conn;
    private final int capacity;
    private final LinkedHashMap<String, PreparedStatement> cache;

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
        return ps != null ? ps : conn.prepareStatement(sql);
    }

    /** Returns a statement after use: reset and cached, or closed if caching is off. */
    void release(PreparedStatement ps) {
        if (capacity <= 0) {
            closeQuietly(ps);
            return;
        }
        try {
            ps.clearParameters();
            ps.clearBatch();
        } catch (SQLException e) {
            closeQuietly(ps);
            return;
        }
        String sql = sqlOf(ps);
        if (sql == null) {
            closeQuietly(ps);
            return;
        }
        PreparedStatement previous = cache.put(sql, ps);
        if (previous != null && previous != ps) {
            closeQuietly(previous);
        }
    }

    void close() {
        cache.values().forEach(StatementCache::closeQuietly);
        cache.clear();
    }

    private static String sqlOf(PreparedStatement ps) {
        // sqlite-jdbc keeps the SQL text on its statements; toString() returns it.
        return ps instanceof org.sqlite.core.CorePreparedStatement ? ps.toString() : null;
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException ignored) {
            // closing a cached statement can only fail if the connection is already gone
        }
    }
}
