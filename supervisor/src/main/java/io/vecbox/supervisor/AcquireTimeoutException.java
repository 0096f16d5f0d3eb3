package io.vecbox.supervisor;

import java.time.Duration;

/**
 * No worker became free within {@code acquireTimeout}. The request was never sent; retrying
 * later is safe.
 */
public class AcquireTimeoutException extends WorkerPoolException {
    private static final long serialVersionUID = 1L;

    private final Duration waited;

    /**
     * @param message what happened, with the pool's counts
     * @param waited how long the request waited
     */
    public AcquireTimeoutException(String message, Duration waited) {
        super(message);
        this.waited = waited;
    }

    /** @return how long the request waited */
    public Duration waited() {
        return waited;
    }
}
