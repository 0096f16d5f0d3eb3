package io.vecbox.supervisor.internal;

import java.util.EnumSet;
import java.util.Set;

/**
 * The state of a worker slot. Legal transitions:
 *
 * <pre>
 *   STARTING → IDLE            handshake done
 *   STARTING → STANDBY         handshake and warm-up done, on the standby writer's slot
 *   STANDBY  → IDLE            promoted: the writer was lost, this one takes its writes
 *   IDLE     → BUSY            a request was assigned
 *   BUSY     → IDLE            the response arrived
 *   BUSY     → LEASED          the response arrived; a transaction or stream keeps the worker
 *   LEASED   → BUSY            the lease's next request was assigned
 *   STARTING, IDLE, BUSY, LEASED, STANDBY → STOPPING   the pool is closing
 *   STARTING, IDLE, BUSY, LEASED, STANDBY, STOPPING → EXITED   the process is gone (crash, kill, exit)
 *   EXITED   → BACKOFF         a restart is scheduled
 *   EXITED   → FAILED          restart intensity exceeded: cooling down
 *   BACKOFF, FAILED → STARTING a new generation is launched
 *   BACKOFF, FAILED → EXITED   the pool closed while waiting
 * </pre>
 *
 * {@link #canMoveTo} is the single source of truth; the slot rejects anything else.
 */
public enum WorkerState {
    /** Process launched, handshake not finished. */
    STARTING,
    /** Ready, no request. */
    IDLE,
    /** Running one request. */
    BUSY,
    /**
     * Held by a transaction or a stream ({@link Lease}) between its requests: off the idle list,
     * it takes only that lease's requests.
     */
    LEASED,
    /**
     * A second writer process, started, connected and warmed up, that serves nothing and holds no
     * lock until it is promoted: when the writer is lost, it takes the writes at once.
     */
    STANDBY,
    /** Asked to shut down (pool closing). */
    STOPPING,
    /** No process: it exited or was killed. */
    EXITED,
    /** Waiting out a backoff delay before a restart. */
    BACKOFF,
    /** Restart intensity exceeded: cooling down before trying again. */
    FAILED;

    private Set<WorkerState> next;

    static {
        STARTING.next = EnumSet.of(IDLE, STANDBY, STOPPING, EXITED);
        STANDBY.next = EnumSet.of(IDLE, STOPPING, EXITED);
        IDLE.next = EnumSet.of(BUSY, STOPPING, EXITED);
        BUSY.next = EnumSet.of(IDLE, LEASED, STOPPING, EXITED);
        LEASED.next = EnumSet.of(BUSY, STOPPING, EXITED);
        STOPPING.next = EnumSet.of(EXITED);
        EXITED.next = EnumSet.of(BACKOFF, FAILED);
        BACKOFF.next = EnumSet.of(STARTING, EXITED);
        FAILED.next = EnumSet.of(STARTING, EXITED);
    }

    /**
     * @param target the state to move to
     * @return whether the move is legal
     */
    public boolean canMoveTo(WorkerState target) {
        return next.contains(target);
    }

    /** @return whether a live process belongs to this state */
    public boolean hasProcess() {
        return this == STARTING || this == IDLE || this == BUSY || this == LEASED || this == STANDBY
                || this == STOPPING;
    }
}
