package io.vecbox.jdbc;

import java.sql.SQLException;
import java.util.List;

/**
 * Where a {@link VecboxResultSet} reads its rows from: a {@link io.vecbox.supervisor.RowStream}
 * fetched page by page ({@link StreamRows}) or rows already in memory ({@link ListRows}). Values
 * are SQLite's storage classes: null, Long, Double, String, byte[].
 */
interface RowSource {
    /** @return the column names, in order */
    List<String> columns();

    /**
     * @return the next row's values, or null at the end
     * @throws SQLException if fetching failed
     */
    List<Object> next() throws SQLException;

    /**
     * @return the row {@link #next()} will return, without moving past it; null at the end
     * @throws SQLException if fetching failed
     */
    List<Object> peek() throws SQLException;

    /** @param rows rows to fetch at a time from now on, 0 for the statement's default */
    void fetchSize(int rows);

    /** Releases what the rows hold (the worker and its cursor). Idempotent; any thread. */
    void close();
}
