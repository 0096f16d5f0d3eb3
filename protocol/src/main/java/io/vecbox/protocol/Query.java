package io.vecbox.protocol;

import java.util.List;
import java.util.Objects;

/**
 * Run one statement and return its rows.
 *
 * @param id request id
 * @param sql the statement
 * @param params positional parameters: null, Long, Double, String or byte[] (see {@link Values})
 * @param maxRows stop after this many rows and set {@code truncated}; 0 means the worker's default
 * @param maxResultBytes stop before the encoded rows pass this size; 0 means the worker's default
 * @param timeoutMillis interrupt the statement after this long; 0 means no deadline
 */
public record Query(long id, String sql, List<Object> params, int maxRows, long maxResultBytes,
                    long timeoutMillis) implements Request {
    /** Wire type name. */
    public static final String TYPE = "query";

    public Query {
        Objects.requireNonNull(sql, "sql");
        params = Values.copyRow(params);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean isWork() {
        return true;
    }
}
