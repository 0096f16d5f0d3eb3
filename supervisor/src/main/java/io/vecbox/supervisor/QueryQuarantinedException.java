package io.vecbox.supervisor;

import java.time.Duration;

/**
 * The statement crashed workers repeatedly and is refused at once, without touching a worker,
 * until its quarantine ends. Protects the pool from crash loops driven by one input. A statement
 * is known by its shape (comments, spacing and case aside, literals and parameters as
 * placeholders) and its values: the same values are quarantined after two crashes (a request and
 * its retry), the whole shape after three crashes with any values, so rewording a crashing
 * statement does not get around it, while one caller's bad parameter does not block the
 * statement for everyone. A native hang that the pool had to kill at its deadline counts as a
 * crash.
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
