package io.vecbox.supervisor.internal;

/**
 * Each worker's own request threshold for {@code maxRequestsPerWorker}: the configured number cut by
 * a random 10 to 25 %, drawn afresh for every worker, so that workers started together (the pool's
 * first ones, a {@code recycleAllWorkers}) do not all come due on the same request and recycle at
 * once. The same idea as HikariCP's variance on {@code maxLifetime}. Pure.
 */
final class RecycleJitter {
    /** The least share of the configured number a threshold is cut by. */
    static final double MIN_CUT = 0.10;
    /** The most share of the configured number a threshold is cut by. */
    static final double MAX_CUT = 0.25;

    private RecycleJitter() {
    }

    /**
     * @param maxRequests the configured {@code maxRequestsPerWorker}, at least 1
     * @param random a uniform draw in [0, 1)
     * @return after how many answered requests the worker is recycled: between
     *     {@code maxRequests - floor(maxRequests * 0.25)} and {@code maxRequests - floor(maxRequests * 0.10)}, at least 1
     */
    static long threshold(long maxRequests, double random) {
        if (maxRequests < 1) {
            throw new IllegalArgumentException("maxRequests < 1: " + maxRequests);
        }
        if (!(random >= 0 && random < 1)) {
            throw new IllegalArgumentException("random outside [0, 1): " + random);
        }
        long cut = (long) Math.floor(maxRequests * (MIN_CUT + (MAX_CUT - MIN_CUT) * random));
        return Math.max(1, maxRequests - cut);
    }
}
