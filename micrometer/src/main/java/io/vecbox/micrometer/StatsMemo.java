package io.vecbox.micrometer;

import io.vecbox.supervisor.PoolStats;
import io.vecbox.supervisor.WorkerPool;
import java.util.function.LongSupplier;

/**
 * One {@link WorkerPool#stats()} snapshot shared by every gauge of a pool for a short while, so a
 * scrape that reads a dozen gauges takes one snapshot (each sorts the latency window and takes the
 * pool's lock) instead of a dozen, and the gauges of one scrape agree with each other.
 *
 * <p>Holds no reference to the pool: the gauges hold it weakly and pass it in. Thread-safe.
 */
final class StatsMemo {
    private final LongSupplier nanoTime;
    private final long maxAgeNanos;
    private PoolStats last;
    private long takenNanos;

    /**
     * @param nanoTime the clock, {@link System#nanoTime()} in production
     * @param maxAgeNanos how long a snapshot is reused
     */
    StatsMemo(LongSupplier nanoTime, long maxAgeNanos) {
        this.nanoTime = nanoTime;
        this.maxAgeNanos = maxAgeNanos;
    }

    /** @return a snapshot of the pool no older than {@code maxAgeNanos} */
    synchronized PoolStats of(WorkerPool pool) {
        long now = nanoTime.getAsLong();
        if (last == null || now - takenNanos >= maxAgeNanos) {
            last = pool.stats();
            takenNanos = now;
        }
        return last;
    }
}
