package io.vecbox.supervisor;

/**
 * The JMX view of a pool, registered as {@code io.vecbox:type=WorkerPool,name=<pool name>} when
 * the pool is built with {@link WorkerPool.Builder#registerMBeans(boolean) registerMBeans(true)}
 * and unregistered by {@link WorkerPool#close()}. The name is quoted ({@code ObjectName.quote}) if
 * it holds a character an object name does not allow unquoted ({@code , = : " * ? \} or a line break).
 *
 * <p>The attributes are the numbers of {@link WorkerPool#stats()}, each read from a fresh
 * snapshot (so two attributes read one after the other may come from different moments);
 * latencies are in microseconds. The operations recycle workers gracefully: a replacement is
 * started first and takes over once ready and once the worker is free, and no request fails for it
 * (see {@link WorkerPool.Builder#maxRequestsPerWorker(int)}). Thread-safe.
 */
public interface WorkerPoolMXBean {
    /** @return {@link PoolStats#workers()} */
    int getWorkers();

    /** @return {@link PoolStats#idle()} */
    int getIdle();

    /** @return {@link PoolStats#busy()} */
    int getBusy();

    /** @return {@link PoolStats#starting()} */
    int getStarting();

    /** @return {@link PoolStats#unavailable()} */
    int getUnavailable();

    /** @return {@link PoolStats#leased()} */
    int getLeased();

    /** @return {@link PoolStats#standby()} */
    int getStandby();

    /** @return {@link PoolStats#queued()} */
    int getQueued();

    /** @return {@link PoolStats#completed()} */
    long getCompleted();

    /** @return {@link PoolStats#failed()} */
    long getFailed();

    /** @return {@link PoolStats#crashes()} */
    long getCrashes();

    /** @return {@link PoolStats#restarts()}, recycled workers included */
    long getRestarts();

    /** @return {@link PoolStats#timeouts()} */
    long getTimeouts();

    /** @return {@link PoolStats#quarantined()} */
    int getQuarantined();

    /** @return {@link PoolStats#latencyP50()} in microseconds */
    long getLatencyP50Micros();

    /** @return {@link PoolStats#latencyP99()} in microseconds */
    long getLatencyP99Micros();

    /** @return {@link PoolStats#scatteredQueries()} */
    long getScatteredQueries();

    /** @return {@link PoolStats#scatterFallbacks()} */
    long getScatterFallbacks();

    /** @return {@link PoolStats#databaseSwaps()} */
    long getDatabaseSwaps();

    /** @return {@link WorkerPool#database()}: the file the pool serves now, absolute */
    String getDatabase();

    /**
     * Replaces one worker gracefully; returns at once, the replacement follows.
     *
     * @param workerName {@code worker-<slot>} (whichever generation runs now) or
     *     {@code worker-<slot>#<generation>} (only if that generation still runs), as
     *     {@link WorkerInfo#name()} shows it
     * @return true if a replacement was started; false if the worker is not running now (starting,
     *     restarting, another generation) or is already being replaced
     * @throws IllegalArgumentException if the pool has no such slot
     */
    boolean recycleWorker(String workerName);

    /**
     * Replaces every running worker gracefully, all at once; returns at once, the replacements follow.
     *
     * @return how many workers are being replaced
     */
    int recycleAllWorkers();
}
