package io.vecbox.supervisor;

import java.time.Duration;

/**
 * A snapshot of a pool, from {@link WorkerPool#stats()}. Counts of workers by state are taken
 * together under the pool's lock; counters are totals since the pool was built.
 *
 * @param workers configured worker slots (readers + 1 writer, + 1 with a standby writer; readers only
 *     in a {@link WorkerPool.Builder#readOnly(boolean) read-only} pool)
 * @param idle workers ready and waiting for a request
 * @param busy workers running a request (a transaction's or stream's included)
 * @param starting workers launching or handshaking
 * @param unavailable slots with no live worker: backing off before a restart or cooling down
 * @param queued requests waiting for a worker
 * @param completed requests that succeeded
 * @param failed requests that failed, for any reason
 * @param crashes workers lost unexpectedly (crash, signal, exit, protocol violation)
 * @param restarts workers started after the initial ones: after a loss, and the replacements of
 *     recycled workers ({@link WorkerPool.Builder#maxRequestsPerWorker}), counted when they take over
 * @param timeouts requests that passed their deadline (interrupted in the worker or killed)
 * @param quarantined statements currently quarantined: shapes, and values of a shape
 * @param latencyP50 median latency of recent successful queries (last 4096), zero if none
 * @param latencyP99 99th percentile of the same
 * @param leased workers held by an open {@link Transaction} or {@link RowStream} and waiting for
 *     its next call; they serve nobody else
 * @param standby standby writers started, warmed up and ready to take over when the writer is lost
 *     (0 or 1, see {@link WorkerPool.Builder#standbyWriter}); they serve nothing until then.
 *     {@code idle + busy + starting + unavailable + leased + standby} is {@code workers}
 * @param scatteredQueries nearest-neighbour queries answered by merging parts run on several
 *     readers at once (see {@link WorkerPool.Builder#scatterKnn(boolean)}); each counts once in
 *     {@code completed} or {@code failed} too
 * @param scatterFallbacks queries split across readers, then run whole on one: a reader could not
 *     split the statement, or a write of the pool (or a database swap) ran while the parts did
 * @param databaseSwaps completed {@link WorkerPool#swapDatabase(java.nio.file.Path)} calls (a read-only
 *     pool's readers replaced by readers of another file; not counted in {@code restarts})
 */
public record PoolStats(int workers, int idle, int busy, int starting, int unavailable, int queued,
                        long completed, long failed, long crashes, long restarts, long timeouts, int quarantined,
                        Duration latencyP50, Duration latencyP99, int leased, int standby, long scatteredQueries,
                        long scatterFallbacks, long databaseSwaps) {
    /** The snapshot as it was before database swaps: none counted. */
    public PoolStats(int workers, int idle, int busy, int starting, int unavailable, int queued,
                     long completed, long failed, long crashes, long restarts, long timeouts, int quarantined,
                     Duration latencyP50, Duration latencyP99, int leased, int standby, long scatteredQueries,
                     long scatterFallbacks) {
        this(workers, idle, busy, starting, unavailable, queued, completed, failed, crashes, restarts, timeouts,
                quarantined, latencyP50, latencyP99, leased, standby, scatteredQueries, scatterFallbacks, 0);
    }

    /** The snapshot as it was before scattered queries: none counted. */
    public PoolStats(int workers, int idle, int busy, int starting, int unavailable, int queued,
                     long completed, long failed, long crashes, long restarts, long timeouts, int quarantined,
                     Duration latencyP50, Duration latencyP99, int leased, int standby) {
        this(workers, idle, busy, starting, unavailable, queued, completed, failed, crashes, restarts, timeouts,
                quarantined, latencyP50, latencyP99, leased, standby, 0, 0);
    }

    /** The snapshot as it was before the standby writer: no standby. */
    public PoolStats(int workers, int idle, int busy, int starting, int unavailable, int queued,
                     long completed, long failed, long crashes, long restarts, long timeouts, int quarantined,
                     Duration latencyP50, Duration latencyP99, int leased) {
        this(workers, idle, busy, starting, unavailable, queued, completed, failed, crashes, restarts, timeouts,
                quarantined, latencyP50, latencyP99, leased, 0);
    }

    /** The snapshot as it was before transactions and streams: no worker leased. */
    public PoolStats(int workers, int idle, int busy, int starting, int unavailable, int queued,
                     long completed, long failed, long crashes, long restarts, long timeouts, int quarantined,
                     Duration latencyP50, Duration latencyP99) {
        this(workers, idle, busy, starting, unavailable, queued, completed, failed, crashes, restarts, timeouts,
                quarantined, latencyP50, latencyP99, 0, 0);
    }
}
