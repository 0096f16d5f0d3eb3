package io.vecbox.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.buffer.MessageBuffer;
import org.msgpack.core.buffer.MessageBufferOutput;

/**
 * Writes a large {@link ExecuteMany} as one frame while it is being encoded, so that its first rows
 * reach the worker (which inserts them as they arrive, see {@code RowsLaterTest}) before the last
 * ones are encoded, instead of after the whole payload was encoded into one buffer. The frame's
 * length comes first, so the payload's exact size is computed beforehand from MessagePack's rules
 * (msgpack-core writes every value in its smallest format); the bytes are the same as
 * {@link MessageEncoder} encodes, which {@code StreamedFrameWriteTest} checks byte for byte. Blobs
 * of more than a few KiB go from the caller's array to the stream without a copy into a buffer.
 *
 * <p>One per {@link MessageWriter}, used under its lock; keeps a 64 KiB buffer between frames.
 */
final class StreamedFrame {
    /** Execute-many requests estimated larger than this are streamed. */
    static final long THRESHOLD_BYTES = 256 * 1024;
    /** Bytes gathered before they are handed to the stream; also the most handed over in one call. */
    private static final int CHUNK_BYTES = 64 * 1024;

    private final OutputStream out;
    private final Chunks chunks;
    private final MessagePacker packer;

    StreamedFrame(OutputStream out) {
        this.out = out;
        this.chunks = new Chunks(out);
        this.packer = MessagePack.newDefaultPacker(chunks);
    }

    /** @return whether the message is an execute-many large enough to be worth streaming */
    static boolean worthStreaming(Message m) {
        return m instanceof ExecuteMany x && MessageEncoder.estimate(x) > THRESHOLD_BYTES;
    }

    /**
     * Writes the frame and flushes the stream.
     *
     * @throws FrameTooLargeException if the payload would exceed {@code maxFrameBytes}; nothing was written
     * @throws IOException if the stream failed, or (a bug) the payload did not come out at the size
     *     announced: the stream is then out of step and must not be used again
     */
    void write(ExecuteMany x, int maxFrameBytes) throws IOException {
        long size = exactSize(x);
        if (size > maxFrameBytes) {
            throw new FrameTooLargeException(size, maxFrameBytes, "outgoing");
        }
        chunks.start((int) size);
        try {
            packer.packMapHeader(5);
            packer.packString("type").packString(ExecuteMany.TYPE);
            packer.packString("id").packLong(x.id());
            packer.packString("sql").packString(x.sql());
            packer.packString("timeoutMillis").packLong(x.timeoutMillis());
            packer.packString("rows").packArrayHeader(x.rows().size());
            for (List<Object> row : x.rows()) {
                packer.packArrayHeader(row.size());
                for (Object v : row) {
                    MessageEncoder.packValue(packer, v);
                }
            }
            packer.flush();
            chunks.handOver();
        } catch (RuntimeException e) {
            // A value that is not normalised: records normalise their rows, so this is a bug; part of the
            // frame may have left, so the stream is out of step.
            packer.clear();
            chunks.reset();
            throw new IOException("cannot encode an execute-many: " + e, e);
        }
        long written = chunks.written - 4;
        if (written != size) {
            throw new IOException("encoded " + written + " bytes of an execute-many announced as " + size
                    + " bytes; the stream is out of step");
        }
        out.flush();
    }

    /** @return the exact encoded size of the message's payload */
    static long exactSize(ExecuteMany x) {
        long n = mapHeader(5) + string("type") + string(ExecuteMany.TYPE) + string("id") + integer(x.id())
                + string("sql") + string(x.sql()) + string("timeoutMillis") + integer(x.timeoutMillis())
                + string("rows") + arrayHeader(x.rows().size());
        for (List<Object> row : x.rows()) {
            n += arrayHeader(row.size());
            for (int i = 0; i < row.size(); i++) {
                n += value(row.get(i));
            }
        }
        return n;
    }

    /** @return the exact encoded size of a normalised value (null, Long, Double, String, byte[]) */
    static long value(Object v) {
        if (v == null) {
            return 1;
        } else if (v instanceof Long l) {
            return integer(l);
        } else if (v instanceof Double) {
            return 9;
        } else if (v instanceof String s) {
            return string(s);
        } else if (v instanceof byte[] b) {
            return (b.length < (1 << 8) ? 2 : b.length < (1 << 16) ? 3 : 5) + (long) b.length;
        }
        throw new IllegalStateException("not a normalised value: " + v.getClass().getName());
    }

    static long integer(long v) {
        if (v >= 0) {
            return v < (1 << 7) ? 1 : v < (1 << 8) ? 2 : v < (1 << 16) ? 3 : v < (1L << 32) ? 5 : 9;
        }
        return v >= -(1 << 5) ? 1 : v >= -(1 << 7) ? 2 : v >= -(1 << 15) ? 3 : v >= -(1L << 31) ? 5 : 9;
    }

    static long string(String s) {
        long len = utf8Length(s);
        return (len < (1 << 5) ? 1 : len < (1 << 8) ? 2 : len < (1 << 16) ? 3 : 5) + len;
    }

    static long arrayHeader(int n) {
        return n < (1 << 4) ? 1 : n < (1 << 16) ? 3 : 5;
    }

    static long mapHeader(int n) {
        return arrayHeader(n);
    }

    /**
     * @return the UTF-8 length of the string as Java (and so msgpack-core) encodes it: an unpaired
     *     surrogate becomes '?', one byte
     */
    static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    n += 4;
                    i++;
                } else {
                    n++;
                }
            } else {
                n += 3;
            }
        }
        return n;
    }

    /**
     * The packer's output: gathers up to {@value #CHUNK_BYTES} bytes (the frame's length first) and
     * hands them to the stream; large payloads go to the stream directly, in slices of that size.
     */
    private static final class Chunks implements MessageBufferOutput {
        private final OutputStream out;
        private byte[] buf = new byte[CHUNK_BYTES];
        private int count;
        private int sliceStart;
        /** Bytes handed to the stream for this frame, its length included. */
        long written;

        Chunks(OutputStream out) {
            this.out = out;
        }

        void start(int length) {
            reset();
            buf[0] = (byte) (length >>> 24);
            buf[1] = (byte) (length >>> 16);
            buf[2] = (byte) (length >>> 8);
            buf[3] = (byte) length;
            count = 4;
        }

        void reset() {
            if (buf.length > CHUNK_BYTES) {
                buf = new byte[CHUNK_BYTES];
            }
            count = 0;
            sliceStart = 0;
            written = 0;
        }

        @Override
        public MessageBuffer next(int minimumSize) throws IOException {
            if (buf.length - count < minimumSize) {
                handOver();
                if (buf.length < minimumSize) {
                    buf = new byte[minimumSize]; // one string longer than a chunk: let go at the next frame
                }
            }
            sliceStart = count;
            return MessageBuffer.wrap(buf, count, buf.length - count);
        }

        @Override
        public void writeBuffer(int length) {
            count = sliceStart + length;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len <= CHUNK_BYTES / 4) {
                // A small blob the packer had no room for: into the next chunk, not a write of its own.
                if (buf.length - count < len) {
                    handOver();
                }
                System.arraycopy(b, off, buf, count, len);
                count += len;
                return;
            }
            handOver();
            for (int done = 0; done < len; done += CHUNK_BYTES) {
                out.write(b, off + done, Math.min(CHUNK_BYTES, len - done));
            }
            written += len;
        }

        @Override
        public void add(byte[] b, int off, int len) throws IOException {
            write(b, off, len);
        }

        @Override
        public void flush() {
            // The packer flushes before each large payload it writes directly: the chunk stays to be
            // filled; the frame's writer hands the last one over and flushes the stream once, at the end.
        }

        @Override
        public void close() {
            // the stream belongs to the writer
        }

        void handOver() throws IOException {
            if (count > 0) {
                out.write(buf, 0, count);
                written += count;
                count = 0;
            }
        }
    }
}
