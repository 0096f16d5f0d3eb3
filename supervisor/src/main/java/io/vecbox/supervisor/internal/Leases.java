package io.vecbox.supervisor.internal;

import io.vecbox.protocol.ErrorCode;
import io.vecbox.protocol.ErrorReply;
import io.vecbox.protocol.Response;
import io.vecbox.protocol.Rows;
import io.vecbox.protocol.TransactionRequest;
import io.vecbox.supervisor.PoolClosedException;
import io.vecbox.supervisor.WorkerPoolException;
import java.util.ArrayList;
import java.util.List;

/**
 * Workers held across requests ({@link Lease}): a transaction holds the writer, a stream a
 * reader. Binds a lease to the worker that takes its opening request, routes the lease's later
 * requests to that worker alone (queued behind each other), parks the worker
 * ({@link WorkerState#LEASED}) between them with an idle timer, decides from each answer whether
 * the lease keeps its worker, ends a lease left idle (or abandoned by its opener) by sending the
 * rollback or closeCursor itself, and turns the loss of a leased worker or the pool's close into
 * the lease's failure.
 *
 * <p>Works under the {@link Dispatcher}'s lock (methods named {@code …Locked}) and keeps one
 * thing of its own under it: the requests failed there, completed by {@link #flush()} once the
 * lock is released, since no future completes under it.
 */
final class Leases {
    private record Doomed(PendingRequest r, WorkerPoolException failure) {
    }

    private final String name;
    private final Dispatcher dispatcher;
    private final Deadlines deadlines;
    private final Completions completions;
    private final Dispatcher.Sender sender;
    /** Requests failed under the lock, for {@link #flush()}. Guarded by the lock. */
    private final List<Doomed> doomed = new ArrayList<>();

    Leases(String name, Dispatcher dispatcher, Deadlines deadlines, Completions completions,
           Dispatcher.Sender sender) {
        this.name = name;
        this.dispatcher = dispatcher;
        this.deadlines = deadlines;
        this.completions = completions;
        this.sender = sender;
    }

    /**
     * Routes a request of an open lease to the lease's worker: at once if the worker is parked,
     * else behind the requests before it; fails it if the lease is over. Caller holds the lock.
     *
     * @return false if the role's queue takes it instead: it has no lease, or opens its lease
     */
    boolean routeLocked(PendingRequest r) {
        Lease l = r.lease;
        if (l == null || l.opensWith(r)) {
            return false;
        }
        if (l.failure == null && dispatcher.closed) {
            l.failure = l.lostFailure(new PoolClosedException(name + " - pool is closed"));
        }
        if (l.failure != null) {
            doomLocked(r, l.freshFailure());
        } else if (l.ending || !l.opened) {
            doomLocked(r, l.endedFailure());
        } else {
            l.ending = r.endsLease(); // false before: a commit, rollback or closeCursor ends it
            WorkerHandle w = l.worker;
            if (w != null && w.state() == WorkerState.LEASED && l.queue.isEmpty()) {
                sender.sendLater(w, dispatcher.assignLocked(w, r), r);
            } else {
                l.queue.addLast(r); // behind the request its worker runs, or until its worker's loss report
            }
        }
        return true;
    }

    /** The worker takes {@code r}; a lease's opening request binds the lease to it. Caller holds the lock. */
    void assignedLocked(WorkerHandle w, PendingRequest r) {
        Lease l = r.lease;
        if (l != null && l.worker == null && l.opensWith(r)) {
            l.worker = w;
            w.lease = l;
        }
        if (w.lease != null) {
            cancelIdle(w.lease);
        }
    }

    /**
     * The lease's worker answered {@code done} ({@code response} null: it was refused before it
     * was written). Decides whether the lease keeps the worker; if not, releases it: unbound, its
     * waiting requests failed. Caller holds the lock.
     *
     * @return whether the lease keeps the worker ({@link #nextLocked} then gives it its next request)
     */
    boolean keepsLocked(WorkerHandle w, PendingRequest done, Response response) {
        Lease l = w.lease;
        if (keeps(l, done, response)) {
            return true;
        }
        w.lease = null;
        l.worker = null;
        cancelIdle(l);
        if (l.failure == null) {
            l.failure = l.endedFailure();
        }
        doomQueueLocked(l);
        return false;
    }

    private static boolean keeps(Lease l, PendingRequest done, Response response) {
        if (l.failure != null || done.endsLease()) {
            return false;
        }
        if (response == null) {
            return l.opened; // the worker never saw it
        }
        if (l.opensWith(done)) {
            if (response instanceof ErrorReply || response instanceof Rows page && page.done()) {
                return false; // nothing opened, or a stream whose first page is its last holds nothing
            }
            if (response instanceof Rows page) {
                l.cursor = page.cursor();
            }
            l.opened = true;
            return true;
        }
        if (response instanceof ErrorReply e) {
            if (e.code() == ErrorCode.TRANSACTION_LOST && l.kind == Lease.Kind.TRANSACTION) {
                l.failure = l.rolledBackFailure(e.message());
                return false;
            }
            return !(e.code() == ErrorCode.CURSOR_CLOSED && l.kind == Lease.Kind.CURSOR);
        }
        return !(response instanceof Rows page && page.done() && l.kind == Lease.Kind.CURSOR);
    }

    /**
     * The lease kept its worker: gives it the lease's next request, or parks it until one comes
     * (the idle timer runs from now). Caller holds the lock.
     *
     * @return the request now assigned to the worker, for the caller to send; or null
     */
    PendingRequest nextLocked(WorkerHandle w) {
        Lease l = w.lease;
        PendingRequest next = l.queue.pollFirst();
        if (next != null) {
            dispatcher.assignLocked(w, next);
            return next;
        }
        w.moveTo(WorkerState.LEASED, l.kind == Lease.Kind.TRANSACTION ? "transaction open" : "cursor open");
        if (l.opening.future.isCancelled()) {
            // Its opener gave up (interrupted) while the worker opened it: nobody else can end it.
            return endLocked(w, l, l.endedFailure());
        }
        l.idleSinceNanos = System.nanoTime();
        if (!dispatcher.closed) {
            l.idleTimer = deadlines.after(l.idleTimeout, () -> idleTimedOut(l));
        }
        return null;
    }

    /** @return whether the lease is opened and neither ending, ended nor lost */
    boolean isOpen(Lease l) {
        dispatcher.lock.lock();
        try {
            return l.isOpenLocked();
        } finally {
            dispatcher.lock.unlock();
        }
    }

    /** Ends a parked lease whose opener will never use it (interrupted while it opened). */
    void abandon(Lease l) {
        dispatcher.lock.lock();
        try {
            WorkerHandle w = l.worker;
            if (w != null && w.state() == WorkerState.LEASED && l.failure == null && !l.ending) {
                sender.sendLater(w, w.generation, endLocked(w, l, l.endedFailure()));
            }
        } finally {
            dispatcher.lock.unlock();
        }
    }

    private void idleTimedOut(Lease l) {
        WorkerHandle w;
        dispatcher.lock.lock();
        try {
            w = l.worker;
            if (w == null || w.state() != WorkerState.LEASED || l.failure != null || l.ending || dispatcher.closed
                    || System.nanoTime() - l.idleSinceNanos < l.idleTimeout.toNanos()) {
                return; // it ran something since, or is over
            }
            sender.sendLater(w, w.generation, endLocked(w, l, l.idleFailure()));
        } finally {
            dispatcher.lock.unlock();
        }
        Logs.LEASES.warn("{} - {} on {} idle for {} ms ({}): {}", name, l.kind == Lease.Kind.TRANSACTION
                        ? "transaction" : "stream '" + Text.sql(l.sql) + "'", w.name(), l.idleTimeout.toMillis(),
                l.kind == Lease.Kind.TRANSACTION ? "transactionIdleTimeout" : "cursorIdleTimeout",
                l.kind == Lease.Kind.TRANSACTION ? "rolling it back" : "closing it");
    }

    /**
     * Ends a parked lease from the host's side: its calls fail with {@code failure} from now on, and
     * its worker gets the rollback or closeCursor; the answer releases the worker (no answer: the
     * request's deadline kills it). Caller holds the lock.
     *
     * @return the request, assigned to the worker, for the caller to send
     */
    private PendingRequest endLocked(WorkerHandle w, Lease l, WorkerPoolException failure) {
        l.failure = failure;
        long now = System.nanoTime();
        PendingRequest end = l.kind == Lease.Kind.TRANSACTION
                ? PendingRequest.transaction(l, TransactionRequest.Action.ROLLBACK, now)
                : PendingRequest.ofCursor(RequestKind.CLOSE_CURSOR, l, l.sql, l.cursor, 0, 1, now);
        dispatcher.assignLocked(w, end);
        return end;
    }

    /**
     * Unbinds the lease of a worker that is lost (crash, kill, exit, deadline) with {@code inFlight}
     * on it. Caller holds the lock.
     *
     * @return the lease if the loss ends it, for {@link #lost} once the loss report says why; null
     *     if the worker held none, or only an opening request (which is retried or fails as any
     *     request does), or a lease already over
     */
    Lease detachLocked(WorkerHandle w, PendingRequest inFlight) {
        Lease l = w.lease;
        if (l == null) {
            return null;
        }
        w.lease = null;
        l.worker = null;
        cancelIdle(l);
        if (inFlight != null && l.opensWith(inFlight) || l.failure != null) {
            return null;
        }
        l.losing = true; // its calls wait for the report, so that each says why
        return l;
    }

    /** The loss report of a lease's worker: its waiting calls fail, and every later one. */
    void lost(Lease l, WorkerPoolException cause) {
        dispatcher.lock.lock();
        try {
            if (l.failure == null) {
                l.failure = l.lostFailure(cause);
            }
            l.losing = false;
            doomQueueLocked(l);
        } finally {
            dispatcher.lock.unlock();
        }
        flush();
    }

    /**
     * @param r a request in flight on a worker that was lost
     * @param cause how it failed: {@code WorkerCrashedException}, {@code QueryTimeoutException} (killed
     *     at its deadline), {@code PoolClosedException}
     * @return what it fails with: {@code cause} unless it belongs to an opened lease, whose failure
     *     wraps it; a commit keeps {@code cause}, since its outcome is unknown
     */
    static WorkerPoolException failureFor(PendingRequest r, WorkerPoolException cause) {
        Lease l = r.lease;
        if (l == null || l.opensWith(r) || r.outcomeUnknownIfLost()) {
            return cause;
        }
        return l.lostFailure(cause);
    }

    /** The pool is closing: every lease loses its worker, whose shutdown rolls back what it held. Caller holds the lock. */
    void closeAllLocked() {
        for (WorkerHandle w : dispatcher.slots) {
            Lease l = w.lease;
            if (l == null) {
                continue;
            }
            w.lease = null;
            l.worker = null;
            cancelIdle(l);
            if (l.failure == null) {
                l.failure = l.lostFailure(new PoolClosedException(name + " - pool closed"));
            }
            doomQueueLocked(l);
        }
    }

    private void doomQueueLocked(Lease l) {
        for (PendingRequest r; (r = l.queue.pollFirst()) != null; ) {
            doomLocked(r, l.freshFailure());
        }
    }

    private void doomLocked(PendingRequest r, WorkerPoolException failure) {
        r.cancelTimers();
        doomed.add(new Doomed(r, failure));
    }

    private static void cancelIdle(Lease l) {
        if (l.idleTimer != null) {
            l.idleTimer.cancel(false);
            l.idleTimer = null;
        }
    }

    /** Completes the requests failed under the lock. Call it after releasing the lock; does nothing under it. */
    void flush() {
        List<Doomed> out;
        dispatcher.lock.lock();
        try {
            if (doomed.isEmpty() || dispatcher.lock.getHoldCount() > 1) {
                return;
            }
            out = new ArrayList<>(doomed);
            doomed.clear();
        } finally {
            dispatcher.lock.unlock();
        }
        for (Doomed d : out) {
            completions.finish(d.r(), null, d.failure());
        }
    }

    /** @return whether a lease's request is waiting behind another of its lease. Caller holds the lock. */
    boolean cancelLocked(PendingRequest r) {
        if (r.lease != null && r.lease.queue.remove(r)) {
            r.cancelTimers();
            return true;
        }
        return false;
    }
}
