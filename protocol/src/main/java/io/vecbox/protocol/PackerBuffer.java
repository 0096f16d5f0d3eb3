package io.vecbox.protocol;

import java.util.Arrays;
import org.msgpack.core.buffer.MessageBuffer;
import org.msgpack.core.buffer.MessageBufferOutput;

/**
 * {@link MessageEncoder}'s buffer, as the packer's output: the packer is handed the rest of the array
 * to write into, so each value is copied once, into its place in the payload.
 */
final class PackerBuffer implements MessageBufferOutput {
    private static final int INITIAL_BYTES = 8 * 1024;

    private byte[] buf = new byte[INITIAL_BYTES];
    private int count;
    /** Where the slice last handed to the packer starts. */
    private int sliceStart;

    void reset() {
        count = 0;
        sliceStart = 0;
    }

    /** Makes room for {@code bytes} more, in one allocation. */
    void reserve(long bytes) {
        if (bytes > buf.length - count) {
            grow(count + bytes);
        }
    }

    void releaseIfLargerThan(int bytes) {
        if (buf.length > bytes) {
            buf = new byte[INITIAL_BYTES];
            reset();
        }
    }

    byte[] array() {
        return buf;
    }

    int size() {
        return count;
    }

    @Override
    public MessageBuffer next(int minimumSize) {
        reserve(minimumSize);
        sliceStart = count;
        return MessageBuffer.wrap(buf, count, buf.length - count);
    }

    @Override
    public void writeBuffer(int length) {
        count = sliceStart + length;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) {
        reserve(length);
        System.arraycopy(buffer, offset, buf, count, length);
        count += length;
    }

    @Override
    public void add(byte[] buffer, int offset, int length) {
        write(buffer, offset, length);
    }

    @Override
    public void flush() {
        // the bytes are in place already
    }

    @Override
    public void close() {
        // nothing to release
    }

    private void grow(long minimum) {
        if (minimum > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("a message cannot be larger than 2 GB: " + minimum + " bytes");
        }
        if (count == 0) {
            buf = new byte[(int) minimum]; // nothing to keep: sized exactly, e.g. from an estimate
            return;
        }
        // Room for what follows too (a large value is written in one piece, then the fields after
        // it), and growth by at most half again, so a large payload is not copied into twice its size.
        long target = Math.max(minimum + INITIAL_BYTES, Math.min(2L * buf.length, minimum + (minimum >> 1)));
        buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 16, target));
    }
}
