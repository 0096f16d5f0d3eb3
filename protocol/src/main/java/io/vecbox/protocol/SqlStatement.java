package io.vecbox.protocol;

import java.util.List;
import java.util.Objects;

/**
 * One statement of a {@link Batch}.
 *
 * @param sql the statement
 * @param params positional parameters (see {@link Values})
 */
public record SqlStatement(String sql, List<Object> params) {
    public SqlStatement {
        Objects.requireNonNull(sql, "sql");
        params = Values.copyRow(params);
    }
}
