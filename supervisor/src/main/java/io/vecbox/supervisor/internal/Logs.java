package io.vecbox.supervisor.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's loggers, one per concern, all under {@code io.vecbox.pool}, so that a host can
 * turn one concern up or down without the others (the README lists them). Every line starts with
 * the pool name.
 *
 * <p>Nothing here logs at DEBUG: what is below INFO is at TRACE. logback with no configuration at
 * all prints DEBUG and above, and a library that is merely on the classpath must not fill a host's
 * console with its per-worker detail; a host that wants the detail asks for TRACE on the concern.
 */
final class Logs {
    /** The pool as a whole: started, closed, configuration warnings, housekeeping, listener and internal failures. */
    static final Logger POOL = LoggerFactory.getLogger("io.vecbox.pool");
    /** Each worker: ready, stopped when asked to, state changes (TRACE). */
    static final Logger WORKERS = LoggerFactory.getLogger("io.vecbox.pool.workers");
    /** Workers lost (WARN), requests retried after a loss (INFO), a slot that cannot keep up (ERROR). */
    static final Logger CRASHES = LoggerFactory.getLogger("io.vecbox.pool.crashes");
    /**
     * What workers print on stderr: lines with WARN or ERROR at INFO, the rest at TRACE; and what
     * their JVM printed on stdout before the start marker, at INFO ({@link StartText}).
     */
    static final Logger STDERR = LoggerFactory.getLogger("io.vecbox.pool.stderr");
    /** Graceful replacement of workers past {@code maxRequestsPerWorker} or {@code maxWorkerRss}, or asked for. */
    static final Logger RECYCLING = LoggerFactory.getLogger("io.vecbox.pool.recycling");
    /** A standby writer promoted in place of a lost writer. */
    static final Logger FAILOVER = LoggerFactory.getLogger("io.vecbox.pool.failover");
    /** Transactions and streams held open past their idle timeout. */
    static final Logger LEASES = LoggerFactory.getLogger("io.vecbox.pool.leases");
    /** KNN queries split across readers that had to run whole (TRACE). */
    static final Logger KNN = LoggerFactory.getLogger("io.vecbox.pool.knn");
    /** A read-only pool's database swapped for another file ({@code swapDatabase}). */
    static final Logger SWAPS = LoggerFactory.getLogger("io.vecbox.pool.swaps");
    /** The workers' class-data archive: made, pruned, damaged. Not tied to one pool. */
    static final Logger CLASS_DATA = LoggerFactory.getLogger("io.vecbox.pool.classdata");

    private Logs() {
    }
}
