package io.vecbox.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads whole frames and decodes each into a {@link Message}. Buffers grown for a large frame
 * are let go as soon as it is decoded. Not thread-safe: one reader thread per stream.
 */
public final class MessageReader {
    private final FrameReader frames;
    private final MessageDecoder decoder = new MessageDecoder();

    /**
     * @param in the stream
     * @param maxFrameBytes largest frame accepted
     */
    public MessageReader(InputStream in, int maxFrameBytes) {
        this.frames = new FrameReader(in, maxFrameBytes);
    }

    /** @return the frame reader, for tests */
    FrameReader frames() {
        return frames;
    }

    /**
     * @return the next message, or null if the stream ended cleanly at a frame boundary
     * @throws EOFException if the stream ended inside a frame
     * @throws ProtocolException if a frame is oversized or does not hold a valid message
     * @throws IOException if the stream failed
     */
    public Message read() throws IOException {
        int len = frames.readFrame();
        if (len < 0) {
            return null;
        }
        try {
            return decoder.decode(frames.buffer(), 0, len);
        } finally {
            // A message holds copies of what it needs; do not wait on the next frame with a large buffer.
            frames.releaseLargeBuffer();
        }
    }
}
