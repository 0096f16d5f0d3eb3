package io.vecbox.supervisor;

/**
 * Base type of every failure a {@link WorkerPool} reports. Unchecked: a host can catch this one
 * type and know it has handled every way a request can fail, crash or time out included.
 */
public class WorkerPoolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened, standing alone
     */
    public WorkerPoolException(String message) {
        super(message);
    }

    /**
     * @param message what happened, standing alone
     * @param cause the underlying failure
     */
    public WorkerPoolException(String message, Throwable cause) {
        super(message, cause);
    }
}
