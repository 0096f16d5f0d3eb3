package io.vecbox.protocol;

import java.util.Locale;
import java.util.Objects;

/**
 * Begin, commit or roll back a transaction that spans requests ("held"). On the writer
 * {@code begin} is {@code BEGIN IMMEDIATE}; on a reader it is a deferred {@code BEGIN}: a read
 * snapshot for the queries and cursors that follow. Answered by a {@link Result} with no rows, or
 * an {@link ErrorReply}.
 *
 * @param id request id
 * @param action what to do
 * @param timeoutMillis interrupt the statement after this long; 0 means no deadline
 */
public record TransactionRequest(long id, Action action, long timeoutMillis) implements Request {
    /** Wire type name. */
    public static final String TYPE = "transaction";

    /** The transaction control a {@link TransactionRequest} asks for; the wire form is the lower-case name. */
    public enum Action {
        /** Open a held transaction. */
        BEGIN,
        /** Commit the held transaction. */
        COMMIT,
        /** Roll back the held transaction. */
        ROLLBACK;

        /** @return the wire name: {@code begin}, {@code commit} or {@code rollback} */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * @param wire a wire name
         * @return the action
         * @throws IllegalArgumentException if the name is not an action
         */
        public static Action fromWire(String wire) {
            for (Action a : values()) {
                if (a.wireName().equals(wire)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("unknown transaction action: " + wire);
        }
    }

    public TransactionRequest {
        Objects.requireNonNull(action, "action");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean isWork() {
        return true;
    }
}
