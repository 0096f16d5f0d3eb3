package io.vecbox.supervisor;

/**
 * How much a {@link RowStream} asks its worker for at a time: a page ends before {@code rows}
 * rows (if {@code rows > 0}) or before its encoded rows pass {@code bytes}, whichever comes
 * first, and always holds at least one row while any are left. Memory on both sides is bounded by
 * about two pages, whatever the result's size.
 *
 * @param rows most rows per page, or 0 for no row bound (the byte bound alone)
 * @param bytes most encoded bytes per page, at least 1
 */
public record FetchSize(int rows, long bytes) {
    /**
     * Four mebibytes per page, no row bound: a good default for rows of any width. Larger pages
     * than 1 MiB because a page ends in a round trip to the worker (the next page is asked for when
     * this one has arrived) while the rows of a page travel as they are read.
     */
    public static final FetchSize DEFAULT = new FetchSize(0, 4L << 20);

    /**
     * @throws IllegalArgumentException if {@code rows < 0} or {@code bytes < 1}
     */
    public FetchSize {
        if (rows < 0) {
            throw new IllegalArgumentException("rows < 0: " + rows);
        }
        if (bytes < 1) {
            throw new IllegalArgumentException("bytes < 1: " + bytes);
        }
    }

    /**
     * @param rows most rows per page, at least 1; the byte bound stays {@link #DEFAULT}'s
     * @return the fetch size
     * @throws IllegalArgumentException if {@code rows < 1}
     */
    public static FetchSize rows(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows < 1: " + rows);
        }
        return new FetchSize(rows, DEFAULT.bytes());
    }

    /**
     * @param bytes most encoded bytes per page, at least 1; no row bound
     * @return the fetch size
     * @throws IllegalArgumentException if {@code bytes < 1}
     */
    public static FetchSize bytes(long bytes) {
        return new FetchSize(0, bytes);
    }
}
