package io.vecbox.protocol;

import java.util.List;

/**
 * SQLite's verdict on a statement, the answer to {@link Describe}.
 *
 * @param id the request's id
 * @param readOnly what {@code sqlite3_stmt_readonly} says: the statement makes no direct change to
 *     the database file
 * @param columns result column names; empty for statements that return no rows
 * @param parameterCount the statement's parameter count ({@code sqlite3_bind_parameter_count})
 * @param tail true if text other than whitespace, comments and {@code ;} follows the first statement
 */
public record Description(long id, boolean readOnly, List<String> columns, int parameterCount, boolean tail)
        implements Response {
    /** Wire type name. */
    public static final String TYPE = "description";

    public Description {
        columns = List.copyOf(columns);
        if (parameterCount < 0) {
            throw new IllegalArgumentException("parameterCount < 0: " + parameterCount);
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
