package io.vecbox.supervisor.internal;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The deadlines of the requests in flight, one timer per worker slot rather than one per request.
 * Scheduling and cancelling a timer for every request woke the timer thread twice per request;
 * here a request only records its deadline ({@link PendingRequest#deadlineNanos}) and the slot's
 * timer stays armed across requests. When it fires it looks at the slot's request in flight: past
 * its deadline, that request is reported ({@link Expiry}); not yet, the timer re-arms for it; none,
 * the timer rests until the next request is assigned. So a hung request is caught at its own
 * deadline (the timer never fires later than the deadline of the request in flight), and a busy
 * slot costs one timer event per timeout period instead of two per request.
 *
 * <p>Guarded by the {@link Dispatcher}'s lock: {@link #armLocked} runs under it, and the timer
 * takes it, then releases it before reporting. Thread-safe in that sense.
 */
final class SlotDeadlines {
    /** Reports a request in flight past its deadline; runs on the timer thread without the lock. */
    interface Expiry {
        void passed(WorkerHandle w, int generation, PendingRequest r);
    }

    /** A slot's timer: when it fires next, or null while it rests. */
    private static final class Timer {
        ScheduledFuture<?> scheduled;
        long fireAtNanos;
    }

    private final ReentrantLock lock;
    private final Deadlines deadlines;
    private final Expiry expiry;
    private final Map<WorkerHandle, Timer> timers = new IdentityHashMap<>();

    SlotDeadlines(ReentrantLock lock, Deadlines deadlines, Expiry expiry) {
        this.lock = lock;
        this.deadlines = deadlines;
        this.expiry = expiry;
    }

    /**
     * Gives the request assigned to {@code w} its deadline, and makes sure the slot's timer fires
     * no later than it. Caller holds the lock.
     */
    void armLocked(WorkerHandle w, PendingRequest r, long deadlineNanos) {
        r.deadlineNanos = deadlineNanos;
        Timer t = timers.computeIfAbsent(w, k -> new Timer());
        if (t.scheduled != null) {
            if (t.fireAtNanos - deadlineNanos <= 0) {
                return; // fires first, and re-arms for this request then
            }
            t.scheduled.cancel(false);
        }
        schedule(w, t, deadlineNanos);
    }

    private void schedule(WorkerHandle w, Timer t, long fireAtNanos) {
        t.fireAtNanos = fireAtNanos;
        t.scheduled = deadlines.afterNanos(Math.max(0, fireAtNanos - System.nanoTime()), () -> fired(w, t));
    }

    private void fired(WorkerHandle w, Timer t) {
        PendingRequest r;
        int generation;
        lock.lock();
        try {
            t.scheduled = null;
            r = w.inFlight;
            if (r == null) {
                return; // rests until the next request is assigned
            }
            if (r.deadlineNanos - System.nanoTime() > 0) {
                schedule(w, t, r.deadlineNanos);
                return;
            }
            generation = w.generationNumber;
        } finally {
            lock.unlock();
        }
        expiry.passed(w, generation, r);
    }
}
