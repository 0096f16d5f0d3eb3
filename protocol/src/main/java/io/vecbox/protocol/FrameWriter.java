package io.vecbox.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes length-prefixed frames (layout in {@link FrameReader}). Each frame is written, then
 * flushed, so a peer never waits for a frame stuck in a buffer. A payload is handed to the
 * stream in slices of at most 64 KiB (a pipe's capacity on Linux): a file stream copies what it
 * is given to a native buffer of that size before the system call, so one call for a 15 MB
 * payload would copy it all to a fresh 15 MB native buffer before the first byte leaves.
 *
 * <p>Not thread-safe: callers that write from several threads synchronise around
 * {@link #writeFrame}.
 */
public final class FrameWriter {
    /** The most handed to the stream in one call. */
    static final int SLICE_BYTES = 64 * 1024;

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
        for (int done = 0; done < length; done += SLICE_BYTES) {
            out.write(payload, offset + done, Math.min(SLICE_BYTES, length - done));
        }
        out.flush();
    }

    /** @return the largest payload this writer sends */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }
}
