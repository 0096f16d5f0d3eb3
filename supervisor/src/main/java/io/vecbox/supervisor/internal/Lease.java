package io.vecbox.supervisor.internal;

import io.vecbox.protocol.Role;
import io.vecbox.supervisor.CursorClosedException;
import io.vecbox.supervisor.PoolClosedException;
import io.vecbox.supervisor.TransactionLostException;
import io.vecbox.supervisor.WorkerPoolException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;

/**
 * One worker held for one transaction or one stream: from the assignment of its opening request
 * ({@code transaction begin}, {@code openCursor}) until the answer to its last one (commit,
 * rollback, {@code closeCursor}, the last page, an error that ends it) or the loss of its worker.
 * While held, the worker ({@link WorkerState#LEASED} between requests) takes this lease's requests
 * only, one at a time, in the order they reached the pool; the lease's requests go to that worker
 * only, and none of them is retried but a stream's opening one, which keeps the query's
 * retry-once rule because nothing was delivered yet.
 *
 * <p>Every mutable field is guarded by the {@link Dispatcher}'s lock; {@link Leases} changes them.
 */
final class Lease {
    /** What holds the worker. */
    enum Kind {
        /** A {@code Transaction}: the writer, from begin to commit or rollback. */
        TRANSACTION,
        /** A {@code RowStream} of its own: a reader, from openCursor to its last page or closeCursor. */
        CURSOR
    }

    final Kind kind;
    final Role role;
    final String pool;
    /** How long it may sit with nothing running before the pool ends it; measured from the last answer. */
    final Duration idleTimeout;
    /** For messages: the stream's statement, or {@code transaction}. */
    final String sql;
    /** Requests of the lease waiting for the one its worker runs, oldest first. */
    final ArrayDeque<PendingRequest> queue = new ArrayDeque<>();

    /** The request that opens it; set once, before it is submitted. */
    PendingRequest opening;
    /** The worker it holds, or null: not assigned yet, released, or lost. */
    WorkerHandle worker;
    /** Its opening request was answered and it kept the worker. */
    boolean opened;
    /** The caller's last request (commit, rollback, closeCursor) was submitted: later ones are refused. */
    boolean ending;
    /** Its worker was lost; its requests wait for the loss report, which says why. */
    boolean losing;
    /** Once set, what its later requests fail with (a copy each, see {@link #freshFailure()}). */
    WorkerPoolException failure;
    /** The stream's cursor in its worker (the opening request's wire id), once known. */
    long cursor = -1;
    /** When its worker last answered, while it is {@link WorkerState#LEASED}. */
    long idleSinceNanos;
    ScheduledFuture<?> idleTimer;

    Lease(Kind kind, Role role, String pool, Duration idleTimeout, String sql) {
        this.kind = kind;
        this.role = role;
        this.pool = pool;
        this.idleTimeout = idleTimeout;
        this.sql = sql;
    }

    /** @return whether the caller may still use it: opened, not ending, not lost. Caller holds the lock. */
    boolean isOpenLocked() {
        return opened && !ending && !losing && failure == null;
    }

    /** @return whether {@code r} is its opening request and that has not been answered yet */
    boolean opensWith(PendingRequest r) {
        return r == opening && !opened;
    }

    /**
     * @param cause how the request in flight on the lost worker failed: a
     *     {@link io.vecbox.supervisor.WorkerCrashedException}, a
     *     {@link io.vecbox.supervisor.QueryTimeoutException} (killed at its deadline) or a
     *     {@link PoolClosedException}
     * @return what the lease's calls fail with from now on
     */
    WorkerPoolException lostFailure(WorkerPoolException cause) {
        boolean closed = cause instanceof PoolClosedException;
        if (kind == Kind.CURSOR) {
            return new CursorClosedException(pool + " - stream closed: " + (closed ? "the pool was closed"
                    : "its worker was lost after rows were delivered (see the cause)") + "; run the query again: "
                    + Text.sql(sql), cause);
        }
        return new TransactionLostException(pool + " - transaction lost: " + (closed
                ? "the pool was closed while it was open" : "its writer was lost (see the cause)")
                + "; everything it wrote is rolled back; run the whole transaction again",
                closed ? TransactionLostException.Reason.POOL_CLOSED : TransactionLostException.Reason.WORKER_LOST,
                cause);
    }

    /** @return what the lease's calls fail with once the pool ended it for sitting idle */
    WorkerPoolException idleFailure() {
        long millis = idleTimeout.toMillis();
        if (kind == Kind.CURSOR) {
            return new CursorClosedException(pool + " - stream closed by the pool after " + millis
                    + " ms unread (cursorIdleTimeout); run the query again: " + Text.sql(sql), null);
        }
        return new TransactionLostException(pool + " - transaction rolled back by the pool after " + millis
                + " ms with nothing running in it (transactionIdleTimeout); run the whole transaction again",
                TransactionLostException.Reason.IDLE_TIMEOUT, null);
    }

    /** @return what a request fails with that reached the pool after the lease ended normally */
    WorkerPoolException endedFailure() {
        if (kind == Kind.CURSOR) {
            return new CursorClosedException(pool + " - stream already closed: " + Text.sql(sql), null);
        }
        return new WorkerPoolException(pool + " - transaction already committed or rolled back; the statement did"
                + " not run");
    }

    /** @return what SQLite rolling the transaction back makes of its later calls */
    WorkerPoolException rolledBackFailure(String workerMessage) {
        return new TransactionLostException(pool + " - transaction rolled back by SQLite: " + workerMessage
                + "; run the whole transaction again", TransactionLostException.Reason.ROLLED_BACK_BY_SQLITE, null);
    }

    /**
     * @return a new exception like {@link #failure}, so that each call throws one of its own (with
     *     its own stack trace) carrying the same message, reason and cause
     */
    WorkerPoolException freshFailure() {
        WorkerPoolException f = failure;
        if (f instanceof TransactionLostException t) {
            return new TransactionLostException(t.getMessage(), t.reason(), t.getCause());
        }
        if (f instanceof CursorClosedException) {
            return new CursorClosedException(f.getMessage(), f.getCause());
        }
        return new WorkerPoolException(f.getMessage(), f.getCause());
    }
}
