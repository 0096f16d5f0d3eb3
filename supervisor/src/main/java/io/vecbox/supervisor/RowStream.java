package io.vecbox.supervisor;

import io.vecbox.supervisor.internal.CursorPages;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.StreamSupport;

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
 * database as it was when the query started, and the worker serves nobody else (other queries
 * wait for the other readers). A stream whose rows fit its first page holds nothing. Close it (or
 * read it to its end) promptly; a stream not read for longer than {@code cursorIdleTimeout}
 * (measured from the worker's last answer) is closed by the pool, which releases the worker, and
 * the next read throws {@link CursorClosedException}. If its worker is lost after rows were
 * delivered, the next read throws {@link CursorClosedException} with the
 * {@link WorkerCrashedException} as its cause: the query is not run again behind the caller's
 * back. Each fetch has {@code queryTimeout} as its deadline; a stream is not capped by
 * {@code maxRows} or {@code maxResultBytes}.
 *
 * <p>Not thread-safe: one reader thread at a time. {@link #close()} may be called from any thread.
 */
public final class RowStream implements Iterable<Row>, AutoCloseable {
    private final CursorPages pages;
    private final AtomicBoolean iterated = new AtomicBoolean();

    RowStream(CursorPages pages) {
        this.pages = pages;
    }

    /** @return the column names, in order */
    public List<String> columns() {
        return pages.columns();
    }

    /**
     * The rows, fetching the next page when the current one is used up (and asking for the page
     * after it while the caller reads this one). Its {@code hasNext} and {@code next} throw
     * {@link WorkerPoolException} subclasses when a fetch fails ({@link CursorClosedException},
     * {@link QueryTimeoutException}, ...); the stream is closed then. Reading a stream closed
     * before its end throws {@link CursorClosedException}: rows are never silently missing.
     *
     * @return the one iterator of this stream
     * @throws IllegalStateException if called a second time
     */
    @Override
    public Iterator<Row> iterator() {
        if (!iterated.compareAndSet(false, true)) {
            throw new IllegalStateException("a RowStream is read once: iterator() or stream() was already called");
        }
        return new Iterator<>() {
            private Iterator<Row> page = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                pages.checkReadable();
                while (!page.hasNext()) {
                    QueryResult next = pages.next();
                    if (next == null) {
                        return false;
                    }
                    page = next.iterator();
                }
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.next();
            }
        };
    }

    /**
     * @return the rows as a sequential {@link java.util.stream.Stream}; closing it closes this
     * @throws IllegalStateException if {@link #iterator()} or this was already called
     */
    public java.util.stream.Stream<Row> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false)
                .onClose(this::close);
    }

    /**
     * @param fetch the size of the pages asked for from now on (a page already asked for keeps
     *     the size it was asked with)
     * @return this stream
     */
    public RowStream fetchSize(FetchSize fetch) {
        Objects.requireNonNull(fetch, "fetch");
        pages.fetchSize(fetch.rows(), fetch.bytes());
        return this;
    }

    /**
     * Closes the cursor in its worker, waiting for its answer, and releases the worker. Idempotent;
     * any thread. A stream read to its end is already closed in its worker.
     */
    @Override
    public void close() {
        pages.close();
    }
}
