package io.vecbox.protocol;

import java.util.List;
import java.util.Objects;

/**
 * Run one statement for its effect (DDL, DML) in autocommit mode; rows it returns are ignored.
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
