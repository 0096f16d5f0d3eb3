package io.vecbox.supervisor.internal;

import io.vecbox.protocol.Response;
import io.vecbox.protocol.Role;
import io.vecbox.supervisor.PoolClosedException;
import io.vecbox.supervisor.PoolConfig;
import io.vecbox.supervisor.PoolOverloadedException;
import io.vecbox.supervisor.WorkerInfo;
import io.vecbox.supervisor.WorkerPoolException;
import io.vecbox.supervisor.WorkerStartException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Queues per role, idle lists, assignment of requests to workers, retries, and the timers of
 * acquire timeouts and request deadlines (what they do when they fire: {@link RequestTimeouts}).
 * Requests of a transaction or stream go to their lease's worker ({@link Leases}).
 *
 * <p>Owns <b>the pool's one lock</b> ({@link #lock}) and everything it guards: the slots'
 * mutable fields ({@link WorkerHandle}: state, generation, request in flight, ready future,
 * pending restart), the idle lists, the wait queues, the requests' mutable fields
 * ({@link PendingRequest}: attempts, wire id, timers) and {@link #closed}. Other rooms take the
 * same lock for their bookkeeping on slots; nobody holds it across a pipe read or write, a
 * request's completion or a listener call (the one I/O under it: {@link WorkerLifecycle#launch}
 * spawns the process). Methods named {@code …Locked} expect the caller to hold it; the others
 * take it.
 */
final class Dispatcher {
    /**
     * Writes an assigned request to its worker without blocking: on another thread, or a small one
     * on the calling thread if that holds no lock (see {@link WorkerConnection#sendLater}).
     */
    interface Sender {
        void sendLater(WorkerHandle w, WorkerHandle.Generation g, PendingRequest r);
    }

    /** What recycling hears from the dispatcher ({@link Recycling}). Both run under the lock. */
    interface Recycler {
        /** The worker answered a request. */
        void answeredLocked(WorkerHandle w);

        /** The worker is free (no request, no lease): a ready replacement may take over now. */
        void handOverLocked(WorkerHandle w);
    }

    /** Ends a worker generation (see {@link WorkerLifecycle#lost}). */
    interface Loss {
        void lost(WorkerHandle w, int generation, String reason, LossCause cause);
    }

    final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever a worker becomes idle or is lost; {@link PoolShutdown} waits on it. */
    final Condition idleChanged = lock.newCondition();
    final List<WorkerHandle> slots;
    private final Map<Role, ArrayDeque<WorkerHandle>> idle = new EnumMap<>(Role.class);
    private final Map<Role, ArrayDeque<PendingRequest>> waiting = new EnumMap<>(Role.class);
    private final AtomicLong ids = new AtomicLong();
    private final String name;
    private final PoolConfig config;
    private final List<String> command;
    private final Deadlines deadlines;
    private final SlotDeadlines slotDeadlines;
    private final Completions completions;
    private final Sender sender;
    private final Loss loss;
    /** What the acquire and deadline timers run. */
    private final RequestTimeouts timeouts;
    /** Tells scattered queries whether a write may have run meanwhile; under this lock. */
    final WriteFence writes = new WriteFence();
    /** Workers held by transactions and streams; works under this lock. */
    final Leases leases;
    /**
     * Set by {@link Supervisor} once built (it needs the lifecycle): counts answers, hands over to
     * replacements. Null in tests that build a dispatcher alone.
     */
    Recycler recycling;
    /** Written under the lock, read anywhere. */
    volatile boolean closed;
    /**
     * The database file a worker launched now opens; changed only by {@link DatabaseSwap} under the
     * lock. Set by {@link Supervisor}; null in tests that build a dispatcher alone.
     */
    volatile DatabaseFile database;
    /** Signalled when a swap's replacement is ready, failed, or took over; {@link DatabaseSwap} waits on it. */
    final Condition swapProgress = lock.newCondition();
    /** Why a swap's replacement could not start, or null; under the lock, reset by {@link DatabaseSwap}. */
    String swapFailure;

    /** @param command the worker command, named in the fail-fast exception */
    Dispatcher(PoolConfig config, List<WorkerHandle> slots, List<String> command, Quarantine quarantine,
               Deadlines deadlines, Completions completions, Sender sender, Loss loss) {
        this.name = config.name();
        this.config = config;
        this.slots = List.copyOf(slots);
        this.command = command;
        this.deadlines = deadlines;
        this.completions = completions;
        this.sender = sender;
        this.loss = loss;
        this.leases = new Leases(name, this, deadlines, completions, sender);
        this.timeouts = new RequestTimeouts(config, this, quarantine, completions, loss);
        this.slotDeadlines = new SlotDeadlines(lock, deadlines, timeouts::deadlinePassed);
        for (Role role : Role.values()) {
            idle.put(role, new ArrayDeque<>());
            waiting.put(role, new ArrayDeque<>());
        }
    }

    /** @return a fresh wire id for a request or control message */
    long nextId() {
        return ids.incrementAndGet();
    }

    /** @return the last wire id handed out */
    long lastId() {
        return ids.get();
    }

    /** Assigns the request to an idle worker, or queues it. {@code front}: a retry jumps the queue. */
    void dispatch(PendingRequest r, boolean front) {
        Role role = r.role;
        WorkerPoolException refused = null;
        WorkerHandle sendTo = null;
        WorkerHandle.Generation sendToGeneration = null;
        lock.lock();
        try {
            if (leases.routeLocked(r)) {
                return;
            } else if (closed) {
                refused = new PoolClosedException(name + " - pool is closed");
            } else if (roleCannotStartLocked(role) != null) {
                refused = roleCannotStartLocked(role);
            } else {
                if (r.pinnedTo != null && !r.pinnedTo.takesPinned()) {
                    r.pinnedTo = null;
                }
                WorkerHandle w = r.pinnedTo == null ? idle.get(role).pollFirst()
                        : idle.get(role).remove(r.pinnedTo) ? r.pinnedTo : null;
                int queued = w != null ? 0 : queuedLocked();
                if (w != null) {
                    // Sent after the lock is released: a small request is written on this thread.
                    sendToGeneration = assignLocked(w, r);
                    sendTo = w;
                } else if (!front && queued >= config.maxQueued()) {
                    refused = new PoolOverloadedException(name + " - " + queued + " requests already waiting (maxQueued="
                            + config.maxQueued() + ")", queued);
                } else {
                    if (front) {
                        waiting.get(role).addFirst(r);
                    } else {
                        waiting.get(role).addLast(r);
                    }
                    if (r.acquireTimer == null) { // an unpinned retry keeps its deadline
                        r.acquireTimer = deadlines.after(config.acquireTimeout(), () -> timeouts.acquireTimedOut(r));
                    }
                }
            }
        } finally {
            lock.unlock();
            leases.flush();
        }
        if (sendTo != null) {
            sender.sendLater(sendTo, sendToGeneration, r);
        } else if (refused != null) {
            completions.finish(r, null, refused);
        }
    }

    /** Marks the worker busy with the request and sets its deadline. Caller holds the lock. */
    WorkerHandle.Generation assignLocked(WorkerHandle w, PendingRequest r) {
        if (w.state() == WorkerState.IDLE || w.state() == WorkerState.LEASED) {
            w.moveTo(WorkerState.BUSY, r.kind.wireName());
        }
        leases.assignedLocked(w, r);
        writes.assignedLocked(w);
        if (r.acquireTimer != null) {
            r.acquireTimer.cancel(false);
            r.acquireTimer = null;
        }
        w.inFlight = r;
        r.attempts++;
        r.wireId = ids.incrementAndGet();
        r.worker = w.name();
        r.sentNanos = System.nanoTime();
        slotDeadlines.armLocked(w, r, r.sentNanos + r.timeout(config).toNanos() + config.killGracePeriod().toNanos());
        return w.generation;
    }

    /**
     * The worker is done with {@code done}: take it off the worker, then give the worker the next
     * request of its lease (or park it for the lease), or the next waiting request, or make it
     * idle. Caller holds the lock; failures of a lease it ends wait for {@link Leases#flush()}.
     *
     * @param response the worker's answer, or null if {@code done} was refused before it was written
     * @return the next request, assigned to {@code w}, for the caller to send; or null
     */
    PendingRequest releaseLocked(WorkerHandle w, PendingRequest done, Response response) {
        done.cancelTimers();
        w.inFlight = null;
        if (response != null && recycling != null) {
            recycling.answeredLocked(w);
        }
        if (w.lease != null && leases.keepsLocked(w, done, response)) {
            return leases.nextLocked(w);
        }
        // Free now: a ready replacement takes over here, and the next request goes to it.
        if (recycling != null) {
            recycling.handOverLocked(w);
        }
        if (DatabaseSwap.staleLocked(this, w)) {
            return null; // a reader of a swapped-out file whose replacement failed: it goes, its slot restarts
        }
        PendingRequest next = takeNextLocked(w);
        if (next != null) {
            assignLocked(w, next);
            return next;
        }
        w.moveTo(WorkerState.IDLE, "request done");
        addIdleLocked(w);
        return null;
    }

    /**
     * @return the first waiting request the worker may take (not one pinned to another slot),
     *     taken off its queue, or null. Caller holds the lock.
     */
    PendingRequest takeNextLocked(WorkerHandle w) {
        return w.takeNext(waiting.get(w.role));
    }

    /** Ends a generation on the timer thread, outside the lock (see {@link DatabaseSwap#staleLocked}). */
    void endLater(WorkerHandle w, int generation, String reason) {
        try {
            deadlines.afterNanos(0, () -> loss.lost(w, generation, reason, LossCause.SUPERSEDED));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The pool has closed: PoolShutdown stops the worker.
        }
    }

    /** Puts an idle worker on its role's idle list. Caller holds the lock. */
    void addIdleLocked(WorkerHandle w) {
        idle.get(w.role).addLast(w);
        idleChanged.signalAll();
    }

    /** @return the first idle worker of the role, taken off its idle list, or null. Caller holds the lock. */
    WorkerHandle pollIdleLocked(Role role) {
        return idle.get(role).pollFirst();
    }

    /** @return idle workers of the role, and 0 if a request of the role waits. Caller holds the lock. */
    int freeLocked(Role role) {
        return waiting.get(role).isEmpty() ? idle.get(role).size() : 0;
    }

    /** Takes a lost worker off its idle list. Caller holds the lock. */
    void removeIdleLocked(WorkerHandle w) {
        idle.get(w.role).remove(w);
        idleChanged.signalAll();
    }

    /** Forgets every idle worker (the pool is closing). Caller holds the lock. */
    void clearIdleLocked() {
        idle.values().forEach(ArrayDeque::clear);
    }

    /**
     * Takes the requests still waiting for a worker of {@code role}, or of every role if null.
     * Caller holds the lock.
     */
    List<PendingRequest> drainWaitingLocked(Role role) {
        List<PendingRequest> drained = new ArrayList<>();
        for (Map.Entry<Role, ArrayDeque<PendingRequest>> e : waiting.entrySet()) {
            if (role == null || e.getKey() == role) {
                drained.addAll(e.getValue());
                e.getValue().clear();
            }
        }
        return drained;
    }

    /** @return whether the request was waiting for a worker; it no longer is. Caller holds the lock. */
    boolean unqueueLocked(PendingRequest r) {
        return waiting.get(r.role).remove(r);
    }

    int queuedLocked() {
        int n = 0;
        for (ArrayDeque<PendingRequest> q : waiting.values()) {
            n += q.size();
        }
        return n;
    }

    /**
     * @return the exception to fail fast with while no worker of the role can come in time: every
     *     slot of it failed its last start and is not starting again, or cools down (restart
     *     intensity exceeded) for longer than {@code acquireTimeout} minus its last start-up time;
     *     null if some worker of the role is alive or may come. Caller holds the lock.
     */
    WorkerStartException roleCannotStartLocked(Role role) {
        WorkerStartException startFailure = null;
        WorkerHandle soonest = null;
        long soonestDelay = Long.MAX_VALUE;
        for (WorkerHandle w : slots) {
            if (w.role != role) {
                continue;
            }
            if (w.startFailing() && w.state() != WorkerState.STARTING) {
                startFailure = w.startFailure;
                continue;
            }
            long delay = w.state() != WorkerState.FAILED || w.pendingRestart == null ? 0
                    : w.pendingRestart.getDelay(TimeUnit.NANOSECONDS);
            if (delay <= 0 || delay + w.lastStartupNanos <= config.acquireTimeout().toNanos()) {
                return null; // not cooling down, or back in time if it starts as fast as it did last
            }
            if (delay < soonestDelay) {
                soonest = w;
                soonestDelay = delay;
            }
        }
        if (soonest == null) {
            return startFailure;
        }
        return new WorkerStartException(name + " - no " + role.wireName() + " can serve for another "
                + TimeUnit.NANOSECONDS.toSeconds(soonestDelay) + " s: the first back will be worker-" + soonest.slot
                + ", cooling down after more than " + config.restartPolicy().maxRestarts() + " restarts within "
                + config.restartPolicy().restartPeriod().toSeconds() + " s; its last failure: " + soonest.lastFailure,
                command, null, "", null);
    }

    /** The slot's next worker failed to come: its pinned retries go to whichever worker of the role comes first. */
    void unpin(WorkerHandle w) {
        List<PendingRequest> freed = new ArrayList<>();
        lock.lock();
        try {
            for (Iterator<PendingRequest> it = waiting.get(w.role).iterator(); it.hasNext(); ) {
                PendingRequest r = it.next();
                if (r.pinnedTo == w) {
                    it.remove();
                    r.pinnedTo = null;
                    freed.add(r);
                }
            }
        } finally {
            lock.unlock();
        }
        for (int i = freed.size() - 1; i >= 0; i--) {
            dispatch(freed.get(i), true);
        }
    }

    /**
     * The caller cancelled the request: drop it from its queue, or ask its worker to interrupt it.
     *
     * @return the generation to send a cancel to, or null
     */
    WorkerHandle.Generation cancel(PendingRequest r) {
        lock.lock();
        try {
            if (unqueueLocked(r) || leases.cancelLocked(r)) {
                r.cancelTimers();
                return null;
            }
            WorkerHandle.Generation g = null;
            for (WorkerHandle w : slots) {
                if (w.inFlight == r) {
                    g = w.generation;
                }
            }
            return g;
        } finally {
            lock.unlock();
        }
    }

    /** @return a snapshot of every slot, for {@code workers()} */
    List<WorkerInfo> workers() {
        List<WorkerInfo> out = new ArrayList<>(slots.size());
        lock.lock();
        try {
            for (WorkerHandle w : slots) {
                out.add(new WorkerInfo(w.name(), w.duty(), w.state().name(),
                        w.state().hasProcess() ? w.pid() : -1, w.generationNumber));
            }
        } finally {
            lock.unlock();
        }
        return out;
    }

    /** @return counts of slots by state: idle, busy, starting, unavailable, then queued requests, then leased, standby */
    int[] countsLocked() {
        int[] counts = new int[7];
        for (WorkerHandle w : slots) {
            switch (w.state()) {
                case IDLE -> counts[0]++;
                case BUSY -> counts[1]++;
                case STARTING -> counts[2]++;
                case LEASED -> counts[5]++;
                case STANDBY -> counts[6]++;
                default -> counts[3]++;
            }
        }
        counts[4] = queuedLocked();
        return counts;
    }
}
