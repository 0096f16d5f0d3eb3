package io.vecbox.supervisor.internal;

import java.util.EnumSet;
import java.util.Set;

/**
 * The state of a worker slot. Legal transitions:
 *
 * <pre>
 *   STARTING → IDLE            handshake done
 *   IDLE     → BUSY            a request was assigned
 *   BUSY     → IDLE            the response arrived
 *   BUSY     → LEASED          the response arrived; a transaction or stream keeps the worker
 *   LEASED   → BUSY            the lease's next request was assigned
 *   STARTING, IDLE, BUSY, LEASED → STOPPING   the pool is closing
 *   STARTING, IDLE, BUSY, LEASED, STOPPING → EXITED   the process is gone (crash, kill, exit)
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
        STARTING.next = EnumSet.of(IDLE, STOPPING, EXITED);
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
        return this == STARTING || this == IDLE || this == BUSY || this == LEASED || this == STOPPING;
    }
}
