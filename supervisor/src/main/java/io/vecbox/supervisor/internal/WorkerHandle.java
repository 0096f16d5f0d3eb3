package io.vecbox.supervisor.internal;

import io.vecbox.protocol.MessageWriter;
import io.vecbox.protocol.Role;
import io.vecbox.supervisor.WorkerStartException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * A worker slot. It survives restarts: each restart is a new generation with a new process.
 * Every mutable field is guarded by the {@link Dispatcher}'s lock; the process-facing objects of a
 * generation ({@link Generation}) are immutable and may be used outside it.
 */
final class WorkerHandle {

    /**
     * The process of one generation and what talks to it. {@code process} is the launched
     * process (pipes, exit code); {@code tree} signals it and, behind a forking command prefix, the
     * worker JVM too. Only the {@code outbox}'s thread writes requests to {@code writer}; the
     * reader thread writes the configuration before the worker is ready. {@code database} is the
     * file it is configured to open: the pool's at its launch, or a swap's new file for a swap's
     * replacement ({@link DatabaseSwap}).
     */
    record Generation(int number, Process process, ProcessTree tree, MessageWriter writer, Outbox outbox,
                      StderrTail stderr, Thread stderrPump, long launchedNanos, DatabaseFile database) {
    }

    final String pool;
    final int slot;
    final Role role;
    final RestartSchedule restarts;
    /**
     * The slot's duty, for a {@link Role#WRITER} slot of a pool with a standby writer: true while it
     * is the standby (its worker comes up in {@link WorkerState#STANDBY} and serves nothing), false
     * while it is the writer. The two writer slots swap duties when the standby is promoted
     * ({@link Dispatcher#promoteStandbyLocked}).
     */
    boolean standby;

    private WorkerState state = WorkerState.BACKOFF;
    int generationNumber;
    Generation generation;
    PendingRequest inFlight;
    /** The transaction or stream holding this slot's worker, or null; see {@link Leases}. */
    Lease lease;
    CompletableFuture<Void> ready = new CompletableFuture<>();
    WorkerStartException startFailure;
    ScheduledFuture<?> pendingRestart;
    String lastReason = "not started yet";
    /** How long its last worker took from launch to ready. */
    long lastStartupNanos;
    /** Why its last worker was lost, with exit code and signal. */
    String lastFailure = "none";
    /** Set while the slot waits out a backoff or cool-down; its next worker is not coming at once. */
    boolean restartDelayed;
    /** The highest generation number handed out, to a worker or to a replacement ({@link Recycling}). */
    private int issued;
    /** Requests its current worker answered, for {@code maxRequestsPerWorker}. */
    long answered;
    /** After how many answered requests its current worker is recycled; 0 until drawn (see {@link RecycleJitter}). */
    long recycleAt;
    /** Why its worker is being recycled, or null while it is not (see {@link Recycling}). */
    String recycleReason;
    /** The worker that replaces the current one once ready and the current one is free, or null. */
    Generation successor;
    /** Whether {@link #successor} finished its handshake and warm-up. */
    boolean successorReady;
    /**
     * The file a {@link DatabaseSwap} starts this slot's {@link #successor} on, or null: set while a
     * swap prepares or drains the slot (its {@link #recycleReason} says so too), cleared at the
     * hand-over or when the replacement is dropped.
     */
    DatabaseFile swapTo;
    /** While true, a ready swap replacement must not take over yet: the swap has not switched. */
    boolean swapHeld;

    WorkerHandle(String pool, int slot, Role role, RestartSchedule restarts) {
        this.pool = pool;
        this.slot = slot;
        this.role = role;
        this.restarts = restarts;
    }

    /** @return a generation number never handed out before in this slot */
    int nextGenerationNumber() {
        issued = Math.max(issued, generationNumber) + 1;
        return issued;
    }

    WorkerState state() {
        return state;
    }

    /** The one place a slot changes state; illegal moves are bugs and fail loudly. */
    void moveTo(WorkerState next, String reason) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException(pool + " - " + name() + ": illegal transition " + state + " -> " + next
                    + " (" + reason + ")");
        }
        if (Logs.WORKERS.isTraceEnabled()) {
            Logs.WORKERS.trace("{} - {} {} -> {}: {}", pool, name(), state, next, reason);
        }
        state = next;
        lastReason = reason;
    }

    /** @return what the slot does now: {@code writer}, {@code standby} or {@code reader} */
    String duty() {
        return standby ? "standby" : role.wireName();
    }

    /** @return e.g. {@code worker-2#3} */
    String name() {
        return nameOf(generationNumber);
    }

    /** @return the name of this slot's generation {@code number}, current or not (a replacement's) */
    String nameOf(int number) {
        return "worker-" + slot + "#" + number;
    }

    /**
     * @param queue the requests waiting for a worker of this slot's role, oldest first
     * @return the first of them this slot may take (one pinned to another slot it may not), or null
     */
    PendingRequest takeNext(ArrayDeque<PendingRequest> queue) {
        for (Iterator<PendingRequest> it = queue.iterator(); it.hasNext(); ) {
            PendingRequest r = it.next();
            if (r.pinnedTo == null || r.pinnedTo == this) {
                it.remove();
                return r;
            }
        }
        return null;
    }

    /** @return whether a request may wait for this slot's worker: it has one, or one is coming at once */
    boolean takesPinned() {
        return !restartDelayed && !standby && state != WorkerState.STOPPING;
    }

    /** @return whether this slot's most recent start attempt failed and none has succeeded since */
    boolean startFailing() {
        return startFailure != null;
    }

    long pid() {
        Generation g = generation;
        return g == null ? -1 : g.tree().pid();
    }
}
