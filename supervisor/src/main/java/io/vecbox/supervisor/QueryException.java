package io.vecbox.supervisor;

import java.time.Duration;

/**
 * A request reached a worker and failed there. Carries the request id, the worker's name
 * ({@code worker-<slot>#<generation>}) and how long the request ran.
 */
public abstract class QueryException extends WorkerPoolException {
    private static final long serialVersionUID = 1L;

    private final long requestId;
    private final String worker;
    private final Duration elapsed;

    /**
     * @param message what happened, standing alone
     * @param requestId the request id, -1 if the request never reached a worker
     * @param worker the worker's name, empty if none
     * @param elapsed time from submission to failure
     * @param cause the underlying failure, may be null
     */
    protected QueryException(String message, long requestId, String worker, Duration elapsed, Throwable cause) {
        super(message, cause);
        this.requestId = requestId;
        this.worker = worker == null ? "" : worker;
        this.elapsed = elapsed == null ? Duration.ZERO : elapsed;
    }

    /** @return the request id, -1 if the request never reached a worker */
    public long requestId() {
        return requestId;
    }

    /** @return the worker's name, e.g. {@code worker-2#3}; empty if none */
    public String worker() {
        return worker;
    }

    /** @return time from submission to failure */
    public Duration elapsed() {
        return elapsed;
    }
}
