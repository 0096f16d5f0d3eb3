package io.vecbox.supervisor;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Hooks for a host's own metrics and alerts. Every method has a default that does nothing (or
 * forwards to an older method), so implement only what you need. Called outside the pool's locks,
 * on the pool's internal threads: keep them quick and non-blocking. An exception thrown here is
 * caught and logged, never propagated, and does not keep the pool's other listeners from the event.
 *
 * <p>A pool calls the listener given to {@link WorkerPool.Builder#listener} and every one added with
 * {@link WorkerPool#addListener}, in that order.
 */
public interface WorkerPoolListener {

    /**
     * A worker finished its handshake and takes requests. A replacement for a recycled worker
     * ({@link WorkerPool.Builder#maxRequestsPerWorker}) is reported when it is ready; it takes
     * requests as soon as the worker it replaces is free (its end is not reported as a loss).
     *
     * @param pool the pool's name
     * @param worker the worker's name, e.g. {@code worker-1#2}
     * @param pid its process id
     * @param startupTime from launch to ready
     */
    default void workerStarted(String pool, String worker, long pid, Duration startupTime) {
    }

    /**
     * A worker died or was killed unexpectedly (not by {@link WorkerPool#close()}). The pool calls
     * {@link #workerLost(String, WorkerLoss)}, whose default calls this one: implement either.
     *
     * @param pool the pool's name
     * @param worker the worker's name
     * @param pid its process id
     * @param reason why, standing alone (exit code, signal, protocol violation, deadline)
     */
    default void workerLost(String pool, String worker, long pid, String reason) {
    }

    /**
     * A worker died or was killed unexpectedly (not by {@link WorkerPool#close()}), with the cause,
     * exit code and signal as fields. The default calls {@link #workerLost(String, String, long,
     * String)} with {@code loss.worker()}, {@code loss.pid()} and {@code loss.reason()}, so a listener
     * written before this method keeps working; a listener that overrides this one gets the loss
     * here only.
     *
     * @param pool the pool's name
     * @param loss what was lost and why
     */
    default void workerLost(String pool, WorkerLoss loss) {
        workerLost(pool, loss.worker(), loss.pid(), loss.reason());
    }

    /**
     * The standby writer became the writer ({@link WorkerPool.Builder#standbyWriter}): the writer
     * was lost (or was still restarting when the standby became ready), and writes go to the
     * standby from now on. The lost writer's slot comes back as the new standby.
     *
     * @param pool the pool's name
     * @param worker the promoted worker's name, e.g. {@code worker-3#1}
     * @param replaced the writer it replaced, e.g. {@code worker-0#2}
     */
    default void standbyPromoted(String pool, String worker, String replaced) {
    }

    /**
     * A worker slot exceeded the restart intensity and stops trying for a while: the pool is below
     * its configured size (logged at ERROR). The place for an alert.
     *
     * @param pool the pool's name
     * @param slot the slot, e.g. {@code worker-2}
     * @param coolDown how long before it tries again
     * @param lastFailure the last reason it died or failed to start
     */
    default void workerCoolingDown(String pool, String slot, Duration coolDown, String lastFailure) {
    }

    /**
     * A request finished.
     *
     * @param pool the pool's name
     * @param kind {@code query}, {@code execute}, {@code batch}, {@code execute-many}, {@code describe},
     *     or a request of a transaction or stream: {@code transaction}, {@code openCursor},
     *     {@code fetch}, {@code closeCursor}
     * @param elapsed from submission to completion
     * @param failure the exception it failed with, or null on success
     */
    default void requestCompleted(String pool, String kind, Duration elapsed, WorkerPoolException failure) {
    }

    /**
     * The pool finished closing: every worker is gone and every request it had has completed. Called
     * once, on the thread that closed the pool (or the JVM's shutdown hook). The only call that may
     * follow is {@link #requestCompleted} for a request submitted after the close, which fails with
     * {@link PoolClosedException}.
     *
     * @param pool the pool's name
     */
    default void poolClosed(String pool) {
    }

    /**
     * A read-only pool now serves another database file ({@link WorkerPool#swapDatabase(Path)}):
     * every query submitted since runs on it, and the readers of the old file have drained and
     * stopped. Called once per successful swap, after {@code swapDatabase} switched and before it
     * returns.
     *
     * @param pool the pool's name
     * @param previous the file it served before, absolute
     * @param current the file it serves now, absolute
     * @param elapsed from the call to the last old reader's exit
     */
    default void databaseSwapped(String pool, Path previous, Path current, Duration elapsed) {
    }
}
