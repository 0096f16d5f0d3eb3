package io.vecbox.supervisor.internal;

import java.util.Arrays;

/** The latencies of the last N successful queries, for percentiles in stats. Thread-safe. */
public final class LatencyWindow {
    private final long[] samples;
    private int next;
    private int size;

    /** @param capacity samples kept */
    public LatencyWindow(int capacity) {
        this.samples = new long[capacity];
    }

    /** @param nanos one latency */
    public synchronized void record(long nanos) {
        samples[next] = nanos;
        next = (next + 1) % samples.length;
        size = Math.min(size + 1, samples.length);
    }

    /**
     * @param quantile in (0, 1], e.g. 0.99
     * @return the nearest-rank percentile of the kept samples, 0 if none
     */
    public synchronized long percentile(double quantile) {
        if (size == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(quantile * size);
        return sorted[Math.max(0, Math.min(size, rank) - 1)];
    }
}
