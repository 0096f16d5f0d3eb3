package io.vecbox.worker;

/**
 * Upper bounds of how many bytes values take in a frame (MessagePack), for the caps on answers:
 * {@code maxResultBytes}, a cursor page's {@code fetchBytes}, the frame size.
 */
final class EncodedSize {
    /** Encoded-size overhead per row and per value (MessagePack headers, upper bounds). */
    static final int ROW_OVERHEAD_BYTES = 5;
    static final int VALUE_OVERHEAD_BYTES = 5;

    private EncodedSize() {
    }

    /** @return the encoded size of one value: null, Long, Double, String or byte[] */
    static long of(Object v) {
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
    static long row(Object[] row) {
        long size = ROW_OVERHEAD_BYTES;
        for (Object v : row) {
            size += of(v);
        }
        return size;
    }

    /** @return the encoded size of a column name */
    static long column(String name) {
        return utf8Length(name) + VALUE_OVERHEAD_BYTES;
    }

    /** @return the UTF-8 size of a string, as SQLite stores it (one implementation, shared with the bounded functions) */
    static long utf8Length(String s) {
        return BoundedFunctions.utf8Length(s);
    }
}
