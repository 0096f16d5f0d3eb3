package io.vecbox.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes length-prefixed frames (layout in {@link FrameReader}). Each frame is written with
 * one call to the underlying stream where it fits, then flushed, so a peer never waits for a
 * frame stuck in a buffer.
 *
 * <p>Not thread-safe: callers that write from several threads synchronise around
 * {@link #writeFrame}.
 */
public final class FrameWriter {
    private final OutputStream out;
    private final int maxFrameBytes;
    private final byte[] header = new byte[4];

    /**
     * @param out the stream; flushed after every frame
     * @param maxFrameBytes the largest payload allowed, at least 1
     * @throws IllegalArgumentException if {@code maxFrameBytes < 1}
     */
    public FrameWriter(OutputStream out, int maxFrameBytes) {
        this.out = Objects.requireNonNull(out, "out");
        if (maxFrameBytes < 1) {
            throw new IllegalArgumentException("maxFrameBytes < 1: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Writes one frame and flushes.
     *
     * @param payload the bytes
     * @param offset where the payload starts
     * @param length how many bytes
     * @throws FrameTooLargeException if {@code length} exceeds the maximum; nothing was written
     * @throws IOException if the stream failed
     */
    public void writeFrame(byte[] payload, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, payload.length);
        if (length > maxFrameBytes) {
            throw new FrameTooLargeException(length, maxFrameBytes, "outgoing");
        }
        header[0] = (byte) (length >>> 24);
        header[1] = (byte) (length >>> 16);
        header[2] = (byte) (length >>> 8);
        header[3] = (byte) length;
        out.write(header);
        out.write(payload, offset, length);
        out.flush();
    }

    /** @return the largest payload this writer sends */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }
}
