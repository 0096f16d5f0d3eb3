package io.vecbox.protocol;

/**
 * Answer to a {@link Ping}.
 *
 * @param id the ping's id
 * @param busy whether a work request was queued or running when the ping arrived
 */
public record Pong(long id, boolean busy) implements Response {
    /** Wire type name. */
    public static final String TYPE = "pong";

    @Override
    public String type() {
        return TYPE;
    }
}
