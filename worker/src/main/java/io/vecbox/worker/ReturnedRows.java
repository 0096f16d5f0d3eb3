package io.vecbox.worker;

import io.vecbox.protocol.EncodedSize;
import io.vecbox.protocol.Values;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the rows a write statement returns (a {@code RETURNING} clause, a pragma that reports,
 * anything with columns) while stepping it to its end. Unlike a query, a write is never stopped
 * early: SQLite commits an autocommit statement only when it is stepped to its end, and a
 * statement left in progress holds the write transaction open for every later request. So the
 * caps ({@code maxRows}, {@code maxResultBytes}) only decide which rows are kept for the answer;
 * past them the statement keeps stepping and the answer says {@code truncated}.
 *
 * <p>One instance is the budget of one request: the rows of every statement of a batch count
 * against the same caps, so the answer stays within one frame. Statement thread only.
 */
final class ReturnedRows {
    /** What one statement returned, as far as the budget allowed. */
    record Rows(List<String> columns, List<List<Object>> rows, boolean truncated) {
        static final Rows NONE = new Rows(List.of(), List.of(), false);
    }

    private final boolean keep;
    private int rowsLeft;
    private long bytesLeft;

    private ReturnedRows(boolean keep, int maxRows, long maxBytes) {
        this.keep = keep;
        this.rowsLeft = maxRows;
        this.bytesLeft = maxBytes;
    }

    /** @return a budget that keeps up to maxRows rows and maxBytes encoded bytes over the whole request */
    static ReturnedRows keeping(int maxRows, long maxBytes) {
        return new ReturnedRows(true, maxRows, maxBytes);
    }

    /** @return a budget that keeps nothing: the rows are stepped through and dropped (execute-many) */
    static ReturnedRows discarding() {
        return new ReturnedRows(false, 0, 0);
    }

    /**
     * Steps the result set to its end (SQLITE_DONE), keeping the rows that fit the budget.
     *
     * @param rs the open result set of a statement that has columns
     * @return its columns and the rows kept
     * @throws SQLException if a step fails; the caller resets the statement
     */
    Rows read(ResultSet rs) throws SQLException {
        if (!keep) {
            while (rs.next()) {
                // stepped for its effect only
            }
            return Rows.NONE;
        }
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String> columns = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            String name = md.getColumnLabel(i);
            columns.add(name);
            bytesLeft -= EncodedSize.column(name);
        }
        List<List<Object>> rows = new ArrayList<>();
        boolean truncated = false;
        while (rs.next()) {
            if (truncated) {
                continue; // past a cap: keep stepping, keep nothing
            }
            if (rowsLeft <= 0) {
                truncated = true;
                continue;
            }
            Object[] row = new Object[n];
            long rowBytes = EncodedSize.ROW_OVERHEAD_BYTES;
            for (int i = 0; i < n; i++) {
                row[i] = Values.normalize(rs.getObject(i + 1), i);
                rowBytes += EncodedSize.of(row[i]);
            }
            if (rowBytes > bytesLeft) {
                truncated = true;
                continue;
            }
            bytesLeft -= rowBytes;
            rowsLeft--;
            rows.add(Arrays.asList(row));
        }
        return new Rows(columns, rows, truncated);
    }
}
