package io.vecbox.protocol;

/**
 * Close a cursor: its statement is reset and its read snapshot released. Always answered by a
 * {@link Result} with no rows, also for a cursor the worker does not have (idempotent).
 *
 * @param id request id
 * @param cursor the cursor, i.e. the id of its {@link OpenCursor}
 */
public record CloseCursor(long id, long cursor) implements Request {
    /** Wire type name. */
    public static final String TYPE = "closeCursor";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean isWork() {
        return true;
    }
}
