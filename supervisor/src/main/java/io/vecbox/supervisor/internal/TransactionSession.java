package io.vecbox.supervisor.internal;

import io.vecbox.protocol.SqlStatement;
import io.vecbox.protocol.TransactionRequest;
import io.vecbox.supervisor.RequestInterruptedException;
import io.vecbox.supervisor.TransactionLostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine side of a {@code Transaction}: a {@link Lease} on the writer, opened by
 * {@code transaction begin}, whose statements are sent as the lease's requests and never retried.
 * Tracks how its caller ended it (commit, rollback) and the streams opened in it, which end with
 * it. Thread-safe: calls from several threads queue on the lease in the order they reach it.
 */
public final class TransactionSession {
    private final Supervisor supervisor;
    private final Lease lease;
    /** How the caller ended it ({@code committed}, {@code rolled back}), or null while the caller has not. */
    private final AtomicReference<String> ended = new AtomicReference<>();
    /** Streams opened in it and not closed yet: its end closes them. Guarded by itself. */
    private final List<CursorPages> streams = new ArrayList<>();

    private TransactionSession(Supervisor supervisor, Lease lease) {
        this.supervisor = supervisor;
        this.lease = lease;
    }

    /**
     * Waits for the writer (in its queue, bounded by {@code acquireTimeout}) and begins.
     *
     * @param supervisor the pool
     * @return the open transaction, holding the writer
     * @throws io.vecbox.supervisor.WorkerPoolException what {@code begin} failed with
     */
    public static TransactionSession begin(Supervisor supervisor) {
        Lease lease = supervisor.newLease(Lease.Kind.TRANSACTION, "transaction");
        PendingRequest begin = PendingRequest.transaction(lease, TransactionRequest.Action.BEGIN, System.nanoTime());
        lease.opening = begin;
        try {
            HostCalls.await(supervisor.submit(begin));
        } catch (RequestInterruptedException e) {
            supervisor.leases().abandon(lease); // began after all? roll it back, nobody holds it
            throw e;
        }
        return new TransactionSession(supervisor, lease);
    }

    /**
     * Runs one request of the transaction on its writer and waits for the answer.
     *
     * @return the answer, as the same request outside a transaction gives it
     * @throws IllegalStateException if the caller already committed or rolled back
     * @throws TransactionLostException if the transaction is gone
     */
    public <T> T call(RequestKind kind, String sql, List<Object> params, List<SqlStatement> statements,
                      List<List<Object>> rows) {
        if (sql == null) {
            throw new NullPointerException("sql");
        }
        checkNotEnded();
        return HostCalls.await(supervisor.submit(new PendingRequest(kind, lease, sql, params, statements, rows,
                System.nanoTime())));
    }

    /**
     * Opens a stream on the transaction's writer; it sees the transaction's writes and ends with it.
     *
     * @throws IllegalStateException if the caller already committed or rolled back
     */
    public CursorPages stream(int fetchRows, long fetchBytes, String sql, List<Object> params) {
        checkNotEnded();
        CursorPages pages = CursorPages.open(supervisor, lease, fetchRows, fetchBytes, sql, params);
        synchronized (streams) {
            streams.add(pages);
        }
        pages.onClose(() -> {
            synchronized (streams) {
                streams.remove(pages);
            }
        });
        return pages;
    }

    /**
     * Commits and releases the writer.
     *
     * @throws IllegalStateException if the caller already committed or rolled back
     * @throws TransactionLostException if it was lost before it could commit
     * @throws io.vecbox.supervisor.WorkerCrashedException if the writer died during the commit (outcome unknown)
     */
    public void commit() {
        if (!ended.compareAndSet(null, "committed")) {
            throw new IllegalStateException(lease.pool + " - transaction already " + ended.get());
        }
        try {
            HostCalls.await(supervisor.submit(PendingRequest.transaction(lease, TransactionRequest.Action.COMMIT,
                    System.nanoTime())));
        } finally {
            endStreams("committed");
        }
    }

    /** Rolls back and releases the writer; does nothing once it is over, lost included. */
    public void rollback() {
        if (!ended.compareAndSet(null, "rolled back")) {
            return;
        }
        try {
            if (supervisor.leases().isOpen(lease)) {
                HostCalls.await(supervisor.submit(PendingRequest.transaction(lease,
                        TransactionRequest.Action.ROLLBACK, System.nanoTime())));
            }
        } catch (TransactionLostException e) {
            // lost: rolled back either way
        } finally {
            endStreams("rolled back");
        }
    }

    /** @return whether it is open: not ended by its caller, not lost */
    public boolean isOpen() {
        return ended.get() == null && supervisor.leases().isOpen(lease);
    }

    /** @return whether its caller committed or rolled back (a lost transaction was not, until then) */
    public boolean endedByCaller() {
        return ended.get() != null;
    }

    private void checkNotEnded() {
        String how = ended.get();
        if (how != null) {
            throw new IllegalStateException(lease.pool + " - transaction already " + how);
        }
    }

    private void endStreams(String how) {
        List<CursorPages> open;
        synchronized (streams) {
            open = new ArrayList<>(streams);
            streams.clear();
        }
        for (CursorPages pages : open) {
            pages.endedWithTransaction(how);
        }
    }
}
