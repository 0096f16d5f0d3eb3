package io.vecbox.supervisor;

import io.vecbox.supervisor.internal.NamedParameters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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

    /**
     * A statement whose parameters are bound by name ({@code :name}, {@code @name},
     * {@code $name}); see {@link WorkerPool#query(String, Map)} for the rules. The names are
     * translated to positions here, so {@link #params()} holds the values in SQLite's order.
     *
     * @param sql the statement
     * @param params values by name, with or without the prefix; a null value is SQL NULL
     * @return the statement
     * @throws IllegalArgumentException naming them if names are missing from the map or keys name
     *     no parameter, or if a value has an unsupported type
     */
    public static Statement of(String sql, Map<String, ?> params) {
        Objects.requireNonNull(sql, "sql");
        return new Statement(sql, NamedParameters.bind(sql, params));
    }
}
