package io.vecbox.protocol;

/**
 * Interrupt the request with this id if it is running (SQLite's interrupt); it then fails with
 * {@link ErrorCode#CANCELLED}. Ignored if that request already finished. Never answered itself.
 *
 * @param id the id of the request to cancel
 */
public record Cancel(long id) implements Request {
    /** Wire type name. */
    public static final String TYPE = "cancel";

    @Override
    public String type() {
        return TYPE;
    }
}
