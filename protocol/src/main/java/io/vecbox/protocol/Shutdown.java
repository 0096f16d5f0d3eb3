package io.vecbox.protocol;

/**
 * Finish the running statement, if any, close the connection and exit with status 0. Never
 * answered; the supervisor watches the process exit.
 *
 * @param id request id
 */
public record Shutdown(long id) implements Request {
    /** Wire type name. */
    public static final String TYPE = "shutdown";

    @Override
    public String type() {
        return TYPE;
    }
}
