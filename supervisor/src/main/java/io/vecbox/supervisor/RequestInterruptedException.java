package io.vecbox.supervisor;

/**
 * The calling thread was interrupted while it waited for a result. The thread's interrupt flag
 * is set again before this is thrown; the request was cancelled in the worker if it had started.
 */
public class RequestInterruptedException extends WorkerPoolException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened
     * @param cause the {@link InterruptedException}
     */
    public RequestInterruptedException(String message, InterruptedException cause) {
        super(message, cause);
    }
}
