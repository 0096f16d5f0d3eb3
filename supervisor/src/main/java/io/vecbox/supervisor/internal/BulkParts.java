package io.vecbox.supervisor.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the parameter rows of an {@code executeMany} into parts that each fit comfortably in one
 * frame, so that a bulk load of any size is sent as several {@code execute-many} requests inside
 * one held transaction instead of being refused for the frame limit. Parts are consecutive,
 * keep the rows' order, and cover every row exactly once; a part holds at least one row, so a
 * single row larger than the budget is a part of its own (and fails as too large on its own if it
 * passes the frame limit). Stateless; thread-safe.
 */
public final class BulkParts {
    /**
     * Encoded bytes of parameter rows per part: 8 MiB, an eighth of the default frame limit. Large
     * enough that a part's round trip is small next to its work (about 5,000 rows of a float[384]
     * vector), small enough that neither side holds a frame of tens of MiB.
     */
    public static final long PART_BYTES = 8L << 20;

    /** MessagePack headers: a row's array header, a value's type and length (upper bounds). */
    private static final int ROW_OVERHEAD_BYTES = 5;
    private static final int VALUE_OVERHEAD_BYTES = 5;
    private static final int NUMBER_BYTES = 9;

    private BulkParts() {
    }

    /**
     * @param rows normalised rows ({@code null}, Long, Double, String, byte[] values)
     * @param partBytes encoded bytes of rows a part may hold, at least 1
     * @return the parts, views of {@code rows} in order; one part (all rows) if they fit, an empty
     *     list stays one empty part
     */
    public static List<List<List<Object>>> split(List<List<Object>> rows, long partBytes) {
        if (partBytes < 1) {
            throw new IllegalArgumentException("partBytes < 1: " + partBytes);
        }
        List<List<List<Object>>> parts = new ArrayList<>();
        int from = 0;
        long size = 0;
        for (int i = 0; i < rows.size(); i++) {
            long rowSize = encodedSize(rows.get(i));
            if (i > from && size + rowSize > partBytes) {
                parts.add(rows.subList(from, i));
                from = i;
                size = 0;
            }
            size += rowSize;
        }
        parts.add(rows.subList(from, rows.size()));
        return parts;
    }

    /** @return an upper bound of a row's encoded size */
    static long encodedSize(List<Object> row) {
        long size = ROW_OVERHEAD_BYTES;
        for (Object v : row) {
            if (v == null) {
                size += 1;
            } else if (v instanceof byte[] b) {
                size += b.length + VALUE_OVERHEAD_BYTES;
            } else if (v instanceof String s) {
                // An upper bound without encoding: at most 3 UTF-8 bytes per UTF-16 unit.
                size += 3L * s.length() + VALUE_OVERHEAD_BYTES;
            } else {
                size += NUMBER_BYTES;
            }
        }
        return size;
    }
}
