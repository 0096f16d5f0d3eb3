package io.vecbox.protocol;

import java.util.Objects;

/**
 * Ask SQLite about one statement without running it: the worker prepares it (never steps it) and
 * answers with a {@link Description}. Any role.
 *
 * @param id request id
 * @param sql the statement (only the first statement is prepared; {@link Description#tail()} says
 *     whether more text follows)
 */
public record Describe(long id, String sql) implements Request {
    /** Wire type name. */
    public static final String TYPE = "describe";

    public Describe {
        Objects.requireNonNull(sql, "sql");
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
