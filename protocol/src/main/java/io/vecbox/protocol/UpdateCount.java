package io.vecbox.protocol;

import java.util.List;

/**
 * What one statement of a {@link Batch} changed, and the rows it returned (a {@code RETURNING}
 * clause, or any other statement that yields rows). The worker steps every statement to its
 * end whatever it keeps of the rows; {@code truncated} says rows were left out of this answer
 * because of {@code maxRows} or {@code maxResultBytes}, never that the statement stopped early.
 *
 * @param changes rows the statement inserted, updated or deleted ({@code sqlite3_changes}); 0 for
 *     a statement that changed no row (DDL, a pragma, a write that matched nothing)
 * @param lastInsertRowid the connection's last insert rowid after the statement
 * @param columns names of the columns the statement returned; empty if it returns none
 * @param rows the rows it returned, each a list of values (see {@link Values})
 * @param truncated true if returned rows were left out of this answer
 */
public record UpdateCount(long changes, long lastInsertRowid, List<String> columns, List<List<Object>> rows,
                          boolean truncated) {
    public UpdateCount {
        columns = List.copyOf(columns);
        rows = Values.copyRows(rows);
    }

    /** A statement that returned no rows: the form protocol version 1 first shipped. */
    public UpdateCount(long changes, long lastInsertRowid) {
        this(changes, lastInsertRowid, List.of(), List.of(), false);
    }

    /** @return whether the statement returned columns (so {@link #rows()} is its answer) */
    public boolean returnsRows() {
        return !columns.isEmpty();
    }
}
