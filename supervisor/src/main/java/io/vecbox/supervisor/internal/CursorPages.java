package io.vecbox.supervisor.internal;

import io.vecbox.supervisor.CursorClosedException;
import io.vecbox.supervisor.QueryResult;
import io.vecbox.supervisor.RequestInterruptedException;
import io.vecbox.supervisor.TransactionLostException;
import io.vecbox.supervisor.WorkerPoolException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The engine side of a {@code RowStream}: a cursor in a worker, read a page at a time. On a
 * reader it holds a {@link Lease} of its own, opened by {@code openCursor} (which keeps a query's
 * retry-once rule) unless the first page is the last; inside a transaction it uses the
 * transaction's lease. While the caller reads one page, the next is already asked for, so at most
 * about two pages are held here. Fetches are never retried.
 *
 * <p>One reading thread at a time ({@link #next()}); {@link #close()} from any thread.
 */
public final class CursorPages {
    private final Supervisor supervisor;
    private final Lease lease;
    private final boolean ownLease;
    private final String sql;
    private final List<String> columns;
    private final long cursor;
    private volatile int fetchRows;
    private volatile long fetchBytes;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set once its transaction ended, which closed the cursor in the worker. */
    private volatile String transactionEnded;
    private volatile Runnable onClose = () -> { };

    // The reading thread's state.
    private QueryResult first;
    /** The worker sent the last page (it closed the cursor itself then). */
    private volatile boolean done;
    /** The next page, asked for while the caller reads the current one. */
    private CompletableFuture<PendingRequest.Page> ahead;

    private CursorPages(Supervisor supervisor, Lease lease, boolean ownLease, String sql,
                        PendingRequest.Page first, int fetchRows, long fetchBytes) {
        this.supervisor = supervisor;
        this.lease = lease;
        this.ownLease = ownLease;
        this.sql = sql;
        this.columns = first.rows().columns();
        this.cursor = first.cursor();
        this.first = first.rows();
        this.done = first.done();
        this.fetchRows = fetchRows;
        this.fetchBytes = fetchBytes;
    }

    /**
     * Opens a cursor and waits for its first page.
     *
     * @param transaction the lease of the transaction it runs in, or null for a reader of its own
     * @throws WorkerPoolException as a query's (gate, quarantine, acquire timeout, SQL error, ...)
     */
    static CursorPages open(Supervisor supervisor, Lease transaction, int fetchRows, long fetchBytes, String sql,
                            List<Object> params) {
        if (sql == null) {
            throw new NullPointerException("sql");
        }
        Lease lease = transaction != null ? transaction : supervisor.newLease(Lease.Kind.CURSOR, sql);
        PendingRequest open = new PendingRequest(RequestKind.OPEN_CURSOR, lease, sql, params, null, null,
                System.nanoTime());
        open.fetchRows = fetchRows;
        open.fetchBytes = fetchBytes;
        if (transaction == null) {
            lease.opening = open;
        }
        PendingRequest.Page first;
        try {
            first = HostCalls.await(supervisor.submit(open));
        } catch (RequestInterruptedException e) {
            if (transaction == null) {
                supervisor.leases().abandon(lease);
            }
            throw e;
        }
        return new CursorPages(supervisor, lease, transaction == null, sql, first, fetchRows, fetchBytes);
    }

    /**
     * Opens a cursor on a reader of its own, the statement passing the pool's gate as a query does.
     *
     * @throws WorkerPoolException as a query's
     */
    public static CursorPages open(Supervisor supervisor, int fetchRows, long fetchBytes, String sql,
                                   List<Object> params) {
        return open(supervisor, null, fetchRows, fetchBytes, sql, params);
    }

    /** @return the column names */
    public List<String> columns() {
        return columns;
    }

    /** @param rows most rows of the pages asked for from now on (0: no bound) @param bytes most bytes */
    public void fetchSize(int rows, long bytes) {
        this.fetchRows = rows;
        this.fetchBytes = bytes;
    }

    /**
     * @return the next page (at least one row), or null after the last
     * @throws CursorClosedException if the stream was closed, ran past {@code cursorIdleTimeout},
     *     lost its worker, or its transaction ended
     * @throws WorkerPoolException what the fetch failed with (the stream is then closed)
     */
    public QueryResult next() {
        checkReadable();
        if (first != null) {
            QueryResult page = first;
            first = null;
            askAhead();
            return page.size() > 0 ? page : next();
        }
        if (done) {
            return null;
        }
        CompletableFuture<PendingRequest.Page> f = ahead != null ? ahead : fetch();
        ahead = null;
        PendingRequest.Page page;
        try {
            page = HostCalls.await(f);
        } catch (CursorClosedException | TransactionLostException e) {
            done = true; // the worker has no cursor any more
            close();
            throw e;
        } catch (WorkerPoolException e) {
            close();
            throw ownLease || transactionEnded == null ? e : closedException(e);
        }
        done = page.done();
        askAhead();
        return page.rows().size() > 0 ? page.rows() : next();
    }

    /** @throws CursorClosedException if the stream was closed before its end (by its caller or its transaction) */
    public void checkReadable() {
        if (closed.get() && !done) {
            throw closedException(null);
        }
    }

    private void askAhead() {
        if (!done && !closed.get()) {
            ahead = fetch();
        }
    }

    private CompletableFuture<PendingRequest.Page> fetch() {
        return supervisor.submit(PendingRequest.ofCursor(RequestKind.FETCH, lease, sql, cursor, fetchRows,
                fetchBytes, System.nanoTime()));
    }

    private CursorClosedException closedException(Throwable cause) {
        String ended = transactionEnded;
        return new CursorClosedException(lease.pool + " - stream closed" + (ended != null ? ": its transaction "
                + ended : "") + "; run the query again: " + Text.sql(sql), cause);
    }

    /** Its transaction committed or rolled back, which closed the cursor in the worker. */
    void endedWithTransaction(String how) {
        transactionEnded = how;
        closed.set(true);
        onClose.run();
    }

    /** @param action runs once when the stream is closed */
    void onClose(Runnable action) {
        this.onClose = action;
    }

    /** Closes the cursor in its worker (unless the worker already did) and releases the worker. Idempotent; any thread. */
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        onClose.run();
        if (done || !supervisor.leases().isOpen(lease)) {
            return; // nothing open in the worker, or the lease is over: released, lost, or its transaction ended
        }
        CompletableFuture<Object> closing = supervisor.submit(PendingRequest.ofCursor(RequestKind.CLOSE_CURSOR, lease,
                sql, cursor, 0, 1, System.nanoTime()));
        if (Thread.currentThread().isInterrupted()) {
            return; // waiting would cancel it; it goes on without us
        }
        try {
            HostCalls.await(closing);
        } catch (WorkerPoolException e) {
            // closed either way: the lease ended, or its worker is gone
        }
    }
}
