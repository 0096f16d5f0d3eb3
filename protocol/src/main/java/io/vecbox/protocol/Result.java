package io.vecbox.protocol;

import java.util.List;

/**
 * A request succeeded.
 *
 * @param id the request's id
 * @param columns column names (empty for statements that return no rows)
 * @param rows the rows, each a list of values (null, Long, Double, String, byte[])
 * @param changes rows inserted, updated or deleted by the request ({@code sqlite3_changes}, 0 for a
 *     statement that changed no row such as DDL; total for batch and execute-many)
 * @param lastInsertRowid the connection's last insert rowid afterwards
 * @param truncated true if rows were left out because of {@code maxRows} or {@code maxResultBytes}
 *     (for an execute, rows the statement returned: the statement itself always ran to its end)
 * @param elapsedNanos time the worker spent on the request
 * @param updates for a {@link Batch}, one entry per statement (with the rows it returned); otherwise empty
 */
public record Result(long id, List<String> columns, List<List<Object>> rows, long changes,
                     long lastInsertRowid, boolean truncated, long elapsedNanos,
                     List<UpdateCount> updates) implements Response {
    /** Wire type name. */
    public static final String TYPE = "result";

    public Result {
        columns = List.copyOf(columns);
        rows = Values.copyRows(rows);
        updates = List.copyOf(updates);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
