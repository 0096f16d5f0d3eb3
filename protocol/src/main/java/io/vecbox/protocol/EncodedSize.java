package io.vecbox.protocol;

import java.util.List;

/**
 * The measure both sides of the protocol use for the caps on answers ({@code maxResultBytes}, a
 * cursor page's {@code fetchBytes}, the frame size): an upper bound of how many bytes values take
 * in a frame (MessagePack). The worker counts rows with it as it reads them, and the supervisor
 * counts the rows of an answer that arrives in parts with it again, so both must agree: one
 * implementation, here.
 */
public final class EncodedSize {
    /** Encoded-size overhead per row (array header, upper bound). */
    public static final int ROW_OVERHEAD_BYTES = 5;
    /** Encoded-size overhead per string or binary value (type and length header, upper bound). */
    public static final int VALUE_OVERHEAD_BYTES = 5;

    private EncodedSize() {
    }

    /**
     * @param v null, Long, Double, String or byte[]
     * @return the encoded size of one value
     */
    public static long of(Object v) {
        if (v == null) {
            return 1;
        } else if (v instanceof String s) {
            return utf8Length(s) + VALUE_OVERHEAD_BYTES;
        } else if (v instanceof byte[] b) {
            return b.length + VALUE_OVERHEAD_BYTES;
        }
        return 9;
    }

    /** @return the encoded size of a row of values */
    public static long row(Object[] row) {
        long size = ROW_OVERHEAD_BYTES;
        for (Object v : row) {
            size += of(v);
        }
        return size;
    }

    /** @return the encoded size of a row of values */
    public static long row(List<Object> row) {
        long size = ROW_OVERHEAD_BYTES;
        for (int i = 0; i < row.size(); i++) {
            size += of(row.get(i));
        }
        return size;
    }

    /** @return the encoded size of a column name */
    public static long column(String name) {
        return utf8Length(name) + VALUE_OVERHEAD_BYTES;
    }

    /**
     * @return the UTF-8 size of a string, as SQLite stores it and MessagePack sends it (an unpaired
     *     surrogate counts 3 bytes, as its replacement would)
     */
    public static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
