package io.vecbox.supervisor;

/**
 * A {@link Transaction} is gone: everything it wrote is rolled back, and no later call on it can
 * succeed. {@link #reason()} says why; {@link #getCause()} holds the failure behind it, e.g. the
 * {@link WorkerCrashedException} when the writer died (SQLite's journal rolls the transaction back
 * when the next writer opens the file). Retry the whole transaction, not the statement.
 */
public class TransactionLostException extends WorkerPoolException {
    private static final long serialVersionUID = 1L;

    /** Why the transaction was lost. */
    public enum Reason {
        /** The writer crashed, hung past its deadline and was killed, or exited; the cause says which. */
        WORKER_LOST,
        /** Nothing ran in it for longer than {@code transactionIdleTimeout}; the pool rolled it back. */
        IDLE_TIMEOUT,
        /** SQLite rolled it back itself after an error (an interrupt, a full disk, out of memory). */
        ROLLED_BACK_BY_SQLITE,
        /** The pool was closed while it was open. */
        POOL_CLOSED
    }

    private final Reason reason;

    /**
     * @param message what happened, standing alone
     * @param reason why
     * @param cause the failure behind it, or null
     */
    public TransactionLostException(String message, Reason reason, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** @return why the transaction was lost */
    public Reason reason() {
        return reason;
    }
}
