package io.vecbox.supervisor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One statement of a {@link WorkerPool#executeBatch(List)}. Immutable.
 *
 * @param sql the statement
 * @param params its parameters (see {@link WorkerPool#query(String, Object...)} for the types)
 */
public record Statement(String sql, List<Object> params) {
    public Statement {
        Objects.requireNonNull(sql, "sql");
        params = Collections.unmodifiableList(new ArrayList<>(params));
    }

    /**
     * @param sql the statement
     * @param params its parameters, may contain nulls
     * @return the statement
     */
    public static Statement of(String sql, Object... params) {
        return new Statement(sql, java.util.Arrays.asList(params == null ? new Object[] {null} : params));
    }
}
