package io.vecbox.supervisor;

import java.time.Duration;

/** The sandbox policy denied the statement before it ran. {@link #rule()} names the rule. */
public class SandboxViolationException extends QueryException {
    private static final long serialVersionUID = 1L;

    private final String rule;

    /**
     * @param message what was denied and what to do instead
     * @param requestId the request id, -1 if denied before reaching a worker
     * @param worker the worker's name, empty if none
     * @param elapsed time from submission
     * @param rule the rule that fired
     */
    public SandboxViolationException(String message, long requestId, String worker, Duration elapsed, String rule) {
        super(message, requestId, worker, elapsed, null);
        this.rule = rule;
    }

    /** @return the rule that fired */
    public String rule() {
        return rule;
    }
}
