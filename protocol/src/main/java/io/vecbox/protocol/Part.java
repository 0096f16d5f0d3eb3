package io.vecbox.protocol;

import java.util.List;

/**
 * Rows of a {@code query} answer sent ahead of its {@link Result}, so that a large result travels
 * while the worker still reads it. Sent only to a supervisor that asked for it
 * ({@link Configure#partBytes()} above 0). The answer's rows are those of its parts, in order,
 * followed by the result's own; an {@link ErrorReply} instead of the result voids the parts.
 *
 * @param id the query's id
 * @param columns column names, the same as the result's
 * @param rows the part's rows, each a list of values (null, Long, Double, String, byte[])
 */
public record Part(long id, List<String> columns, List<List<Object>> rows) implements Response {
    /** Wire type name. */
    public static final String TYPE = "part";

    public Part {
        columns = List.copyOf(columns);
        rows = Values.copyRows(rows);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
