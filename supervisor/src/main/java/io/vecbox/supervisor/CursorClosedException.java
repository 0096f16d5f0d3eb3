package io.vecbox.supervisor;

/**
 * A {@link RowStream} cannot deliver its next rows: its cursor was closed by the worker after it
 * sat unread for longer than {@code cursorIdleTimeout}, or its worker was lost after rows had been
 * delivered (then {@link #getCause()} is the {@link WorkerCrashedException}, and the query is not
 * retried because its first rows were already seen). Run the query again.
 */
public class CursorClosedException extends WorkerPoolException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened, standing alone
     * @param cause the failure behind it, or null
     */
    public CursorClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
