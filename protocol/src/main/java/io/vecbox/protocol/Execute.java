package io.vecbox.protocol;

import java.util.List;
import java.util.Objects;

/**
 * Run one statement (DDL, DML) in autocommit mode. The worker steps it to its end and resets it;
 * rows it returns (a {@code RETURNING} clause) come back in the {@link Result}, within the
 * configured caps. Transaction control is refused.
 *
 * @param id request id
 * @param sql the statement
 * @param params positional parameters (see {@link Values})
 * @param timeoutMillis interrupt the statement after this long; 0 means no deadline
 */
public record Execute(long id, String sql, List<Object> params, long timeoutMillis) implements Request {
    /** Wire type name. */
    public static final String TYPE = "execute";

    public Execute {
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
