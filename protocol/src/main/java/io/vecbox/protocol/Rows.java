package io.vecbox.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

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
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            copy.add(Values.copyRow(Objects.requireNonNull(row, "row")));
        }
        rows = Collections.unmodifiableList(copy);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
