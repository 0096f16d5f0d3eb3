package io.vecbox.supervisor.internal;

import io.vecbox.supervisor.StatementInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pool's cache of {@code describe} answers by SQL text, least recently used first out.
 * A statement's verdict (read-only or not, parameter count, several statements) depends on its
 * text alone; its column names are the schema's at the first describe. Thread-safe (synchronised).
 */
final class Descriptions {
    private final Map<String, StatementInfo> bySql;

    /** @param capacity the most statements kept */
    Descriptions(int capacity) {
        this.bySql = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, StatementInfo> eldest) {
                return size() > capacity;
            }
        };
    }

    /** @return the cached answer, or null */
    synchronized StatementInfo get(String sql) {
        return bySql.get(sql);
    }

    synchronized void put(String sql, StatementInfo info) {
        bySql.put(sql, info);
    }

    /** Forgets every answer: the pool swapped its database, whose schema may differ. */
    synchronized void clear() {
        bySql.clear();
    }

    synchronized int size() {
        return bySql.size();
    }
}
