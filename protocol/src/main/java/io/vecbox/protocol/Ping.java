package io.vecbox.protocol;

/**
 * Liveness check, answered by a {@link Pong} from the worker's control thread even while a
 * statement runs.
 *
 * @param id request id
 */
public record Ping(long id) implements Request {
    /** Wire type name. */
    public static final String TYPE = "ping";

    @Override
    public String type() {
        return TYPE;
    }
}
