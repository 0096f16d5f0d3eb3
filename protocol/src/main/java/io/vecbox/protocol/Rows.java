package io.vecbox.protocol;

import java.util.List;

/**
 * One page of a cursor, the answer to {@link OpenCursor} and {@link Fetch}.
 *
 * @param id the request's id
 * @param cursor the cursor, i.e. the id of its {@link OpenCursor}
 * @param columns column names (on every page)
 * @param rows the page's rows, each a list of values (null, Long, Double, String, byte[])
 * @param done true if the statement reached its end; the worker has then already closed the cursor
 */
public record Rows(long id, long cursor, List<String> columns, List<List<Object>> rows, boolean done)
        implements Response {
    /** Wire type name. */
    public static final String TYPE = "rows";

    public Rows {
        columns = List.copyOf(columns);
        rows = Values.copyRows(rows);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
