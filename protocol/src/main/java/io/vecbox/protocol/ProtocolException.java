package io.vecbox.protocol;

import java.io.IOException;

/**
 * The byte stream between supervisor and worker broke the protocol: an oversized or malformed
 * frame, MessagePack that does not decode, a field of the wrong type, an unknown message type.
 *
 * <p>A peer that sends one is not trusted again: the supervisor kills and restarts the worker,
 * the worker exits. End of stream in the middle of a frame is reported as
 * {@link java.io.EOFException} instead, because it usually means the peer died rather than
 * misbehaved.
 */
public class ProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong, standing alone
     */
    public ProtocolException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong, standing alone
     * @param cause the decoder's own exception
     */
    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
