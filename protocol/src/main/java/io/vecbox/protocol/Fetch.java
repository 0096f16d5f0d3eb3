package io.vecbox.protocol;

/**
 * The next page of an open cursor, answered by {@link Rows}, or by an {@link ErrorReply} with
 * {@link ErrorCode#CURSOR_CLOSED} if the worker no longer has it.
 *
 * @param id request id (a {@link Cancel} names this id, not the cursor's)
 * @param cursor the cursor, i.e. the id of its {@link OpenCursor}
 * @param fetchRows the page's row bound; 0 means no row bound
 * @param fetchBytes the page's byte bound, at least 1
 * @param timeoutMillis interrupt the statement after this long; 0 means no deadline
 */
public record Fetch(long id, long cursor, int fetchRows, long fetchBytes, long timeoutMillis) implements Request {
    /** Wire type name. */
    public static final String TYPE = "fetch";

    public Fetch {
        checkBounds(fetchRows, fetchBytes);
    }

    static void checkBounds(int fetchRows, long fetchBytes) {
        if (fetchRows < 0) {
            throw new IllegalArgumentException("fetchRows < 0: " + fetchRows);
        }
        if (fetchBytes < 1) {
            throw new IllegalArgumentException("fetchBytes < 1: " + fetchBytes);
        }
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
