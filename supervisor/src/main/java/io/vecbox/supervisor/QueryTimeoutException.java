package io.vecbox.supervisor;

import java.time.Duration;

/**
 * The request ran past its deadline. Either the worker interrupted the statement itself
 * ({@link #workerKilled()} false: the worker stays), or it did not answer by deadline + kill
 * grace period and was killed and restarted ({@link #workerKilled()} true).
 */
public class QueryTimeoutException extends QueryException {
    private static final long serialVersionUID = 1L;

    private final Duration timeout;
    private final boolean workerKilled;
    private final boolean writeOutcomeUnknown;

    /**
     * @param message what happened
     * @param requestId the request id
     * @param worker the worker's name
     * @param elapsed time from submission
     * @param timeout the deadline that passed
     * @param workerKilled whether the worker had to be killed
     * @param writeOutcomeUnknown true for a write whose worker was killed: it may or may not have committed
     */
    public QueryTimeoutException(String message, long requestId, String worker, Duration elapsed, Duration timeout,
                                 boolean workerKilled, boolean writeOutcomeUnknown) {
        super(message, requestId, worker, elapsed, null);
        this.timeout = timeout;
        this.workerKilled = workerKilled;
        this.writeOutcomeUnknown = writeOutcomeUnknown;
    }

    /** @return the deadline that passed */
    public Duration timeout() {
        return timeout;
    }

    /** @return whether the worker ignored its deadline and had to be killed */
    public boolean workerKilled() {
        return workerKilled;
    }

    /** @return true for a write whose worker was killed mid-request: it may or may not have committed */
    public boolean writeOutcomeUnknown() {
        return writeOutcomeUnknown;
    }
}
