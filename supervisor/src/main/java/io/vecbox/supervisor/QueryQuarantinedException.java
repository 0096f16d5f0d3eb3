package io.vecbox.supervisor;

import java.time.Duration;

/**
 * The statement crashed workers repeatedly and is refused at once, without touching a worker,
 * until its quarantine ends. Protects the pool from crash loops driven by one input.
 */
public class QueryQuarantinedException extends QueryException {
    private static final long serialVersionUID = 1L;

    private final Duration remaining;

    /**
     * @param message what happened, with the statement (truncated) and crash count
     * @param remaining time left in quarantine
     */
    public QueryQuarantinedException(String message, Duration remaining) {
        super(message, -1, "", Duration.ZERO, null);
        this.remaining = remaining;
    }

    /** @return time left before the statement is accepted again */
    public Duration remaining() {
        return remaining;
    }
}
