package io.vecbox.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Reads length-prefixed frames from a stream.
 *
 * <pre>
 *  0               4                                  4 + length
 *  +---------------+----------------------------------+
 *  | length (u32,  | payload: exactly one MessagePack |
 *  |  big-endian)  | value, {@code length} bytes      |
 *  +---------------+----------------------------------+
 * </pre>
 *
 * <p>The length is checked against {@code maxFrameBytes} before anything is allocated, and
 * the payload is read whole before anyone decodes it: MessagePack's stream unpacker reads
 * ahead, so it must never be handed the pipe itself. End of stream exactly at a frame
 * boundary is the normal end ({@link #readFrame()} returns -1); end of stream anywhere inside
 * a frame is an {@link EOFException}.
 *
 * <p>The payload buffer is reused: it is valid until the next call. One that grew past 1 MiB
 * for a large frame is let go at the next call. {@link MessageReader} reads frames past 1 MiB
 * through {@link #payloadStream} instead, so that its buffer never grows for them. Not
 * thread-safe; one reader per stream.
 */
public final class FrameReader {
    private static final int INITIAL_BUFFER_BYTES = 8 * 1024;

    private final InputStream in;
    private final int maxFrameBytes;
    private final byte[] header = new byte[4];
    private byte[] buffer = new byte[INITIAL_BUFFER_BYTES];

    /**
     * @param in the stream, not buffered by this class (wrap it in a
     *     {@link java.io.BufferedInputStream} if reads are expensive)
     * @param maxFrameBytes the largest payload accepted, at least 1
     * @throws IllegalArgumentException if {@code maxFrameBytes < 1}
     */
    public FrameReader(InputStream in, int maxFrameBytes) {
        this.in = Objects.requireNonNull(in, "in");
        if (maxFrameBytes < 1) {
            throw new IllegalArgumentException("maxFrameBytes < 1: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Reads the next frame into {@link #buffer()}.
     *
     * @return the payload length, or -1 if the stream ended cleanly at a frame boundary
     * @throws EOFException if the stream ended inside a frame
     * @throws FrameTooLargeException if the announced length exceeds the maximum
     * @throws IOException if the stream failed
     */
    public int readFrame() throws IOException {
        int len = readHeader();
        if (len >= 0) {
            readPayload(len);
        }
        return len;
    }

    /**
     * Reads the next frame's header only; the caller then reads its payload with
     * {@link #readPayload} or through {@link #payloadStream}. Lets go of a buffer that grew past
     * 1 MiB for the frame before.
     *
     * @return the payload length, or -1 if the stream ended cleanly at a frame boundary
     * @throws EOFException if the stream ended inside the header
     * @throws FrameTooLargeException if the announced length exceeds the maximum; nothing is allocated
     * @throws IOException if the stream failed
     */
    int readHeader() throws IOException {
        releaseLargeBuffer();
        int first = in.read();
        if (first < 0) {
            return -1;
        }
        header[0] = (byte) first;
        readFully(header, 1, 3, false);
        long length = ((long) (header[0] & 0xff) << 24)
                | ((header[1] & 0xff) << 16)
                | ((header[2] & 0xff) << 8)
                | (header[3] & 0xff);
        if (length > maxFrameBytes) {
            throw new FrameTooLargeException(length, maxFrameBytes, "incoming", header);
        }
        return (int) length;
    }

    /**
     * Reads a payload whose header {@link #readHeader} read into {@link #buffer()}.
     *
     * @param len the length the header announced
     * @throws EOFException if the stream ended inside the payload
     * @throws IOException if the stream failed
     */
    void readPayload(int len) throws IOException {
        if (buffer.length < len) {
            buffer = new byte[Math.max(len, Math.min(maxFrameBytes, buffer.length * 2))];
        }
        readFully(buffer, 0, len, true);
    }

    /**
     * The payload whose header {@link #readHeader} read, as a stream of exactly {@code len}
     * bytes read straight from the underlying stream, with no buffer of the frame's size: it
     * reports end of stream after them, so whoever reads it (a read-ahead decoder too) can never
     * read into the next frame, and throws {@link EOFException} if the underlying stream ends
     * first. Valid until the next call on this reader; not thread-safe.
     *
     * @param len the length the header announced
     * @return the payload stream
     */
    InputStream payloadStream(int len) {
        return new PayloadStream(len);
    }

    /** @return the buffer holding the last frame's payload from offset 0; reused by the next read */
    public byte[] buffer() {
        return buffer;
    }

    /**
     * Lets go of a buffer that grew past 1 MiB for the last frame, whose payload is then no
     * longer valid.
     */
    void releaseLargeBuffer() {
        if (buffer.length > Protocol.KEEP_BUFFER_BYTES) {
            buffer = new byte[INITIAL_BUFFER_BYTES];
        }
    }

    /** @return the payload buffer's capacity, for tests */
    int bufferCapacity() {
        return buffer.length;
    }

    /** @return the largest payload this reader accepts */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /** @param payload whether this is the payload (else the header), for the message only */
    private void readFully(byte[] b, int off, int len, boolean payload) throws IOException {
        int done = 0;
        while (done < len) {
            int n = in.read(b, off + done, len - done);
            if (n < 0) {
                // The message is built here, not passed in: every frame would pay for it.
                String what = payload ? "frame payload of " + len + " bytes" : "frame header";
                throw new EOFException("stream ended inside " + what + " after " + done + " of " + len + " bytes");
            }
            done += n;
        }
    }

    /** The next {@code len} bytes of the underlying stream, then end of stream. */
    private final class PayloadStream extends InputStream {
        private final int length;
        private int left;

        PayloadStream(int length) {
            this.length = length;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left == 0) {
                return -1;
            }
            int b = in.read();
            if (b < 0) {
                throw ended();
            }
            left--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (left == 0) {
                return -1;
            }
            int n = in.read(b, off, Math.min(len, left));
            if (n < 0) {
                throw ended();
            }
            left -= n;
            return n;
        }

        @Override
        public int available() throws IOException {
            return Math.min(left, in.available());
        }

        private EOFException ended() {
            return new EOFException("stream ended inside frame payload of " + length + " bytes after "
                    + (length - left) + " of " + length + " bytes");
        }
    }
}
