package io.vecbox.supervisor;

import java.util.Iterator;
import java.util.List;

/**
 * A query's rows, fetched from a worker a page at a time ({@link FetchSize}), so results of any
 * size pass in bounded memory on both sides; {@link QueryResult} is the all-in-memory
 * alternative. From {@link WorkerPool#stream} (on a reader) or {@link Transaction#stream} (on the
 * transaction's writer).
 *
 * <pre>{@code
 * try (RowStream rows = pool.stream("select rowid, embedding from items")) {
 *     for (Row row : rows) {
 *         index.add(row.getLong(0), row.getFloats(1));
 *     }
 * }
 * }</pre>
 *
 * <p>While open, the stream holds its worker and that worker's read snapshot: it sees the
 * database as it was when the query started, and the worker serves nobody else. Close it (or read
 * it to its end) promptly; a stream not read for longer than {@code cursorIdleTimeout} is closed
 * by its worker and the next read throws {@link CursorClosedException}.
 *
 * <p>Not thread-safe: one reader thread at a time. {@link #close()} may be called from any thread.
 */
public final class RowStream implements Iterable<Row>, AutoCloseable {
    RowStream() {
    }

    /** @return the column names, in order */
    public List<String> columns() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * The rows, fetching the next page when the current one is used up. Its {@code hasNext} and
     * {@code next} throw {@link WorkerPoolException} subclasses when a fetch fails
     * ({@link CursorClosedException}, {@link QueryTimeoutException}, ...).
     *
     * @return the one iterator of this stream
     * @throws IllegalStateException if called a second time
     */
    @Override
    public Iterator<Row> iterator() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** @return the rows as a sequential {@link java.util.stream.Stream}; closing it closes this */
    public java.util.stream.Stream<Row> stream() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * @param fetch the size of the pages fetched from now on
     * @return this stream
     */
    public RowStream fetchSize(FetchSize fetch) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Closes the cursor in its worker and releases the worker. Idempotent; any thread. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
