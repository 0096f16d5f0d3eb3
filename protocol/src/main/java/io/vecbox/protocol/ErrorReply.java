package io.vecbox.protocol;

import java.util.Objects;

/**
 * A request failed; the worker is still usable.
 *
 * @param id the request's id
 * @param code why, from a stable enum
 * @param sqliteCode SQLite's extended result code, or 0 if the failure did not come from SQLite
 * @param message a human-readable message
 * @param rule for {@link ErrorCode#SANDBOX_DENIED}, the rule that fired; otherwise empty
 * @param elapsedNanos time the worker spent before failing
 */
public record ErrorReply(long id, ErrorCode code, int sqliteCode, String message, String rule,
                         long elapsedNanos) implements Response {
    /** Wire type name. */
    public static final String TYPE = "error";

    public ErrorReply {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(rule, "rule");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
