package io.vecbox.protocol;

import java.util.List;

/**
 * Run several statements in one transaction ({@code BEGIN IMMEDIATE}), all or nothing. The
 * {@link Result} carries one {@link UpdateCount} per statement.
 *
 * @param id request id
 * @param statements the statements, in order
 * @param timeoutMillis interrupt (and roll back) after this long; 0 means no deadline
 */
public record Batch(long id, List<SqlStatement> statements, long timeoutMillis) implements Request {
    /** Wire type name. */
    public static final String TYPE = "batch";

    public Batch {
        statements = List.copyOf(statements);
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
