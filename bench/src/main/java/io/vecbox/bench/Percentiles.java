package io.vecbox.bench;

import java.util.Arrays;

/**
 * Nearest-rank percentiles of samples: the p-th percentile of n sorted values is the value at
 * rank {@code ceil(p / 100 * n)} (1-based), so it is always one of the samples, and p50 of an
 * even count is the lower of the two middle values.
 */
public final class Percentiles {
    private Percentiles() {
    }

    /**
     * The percentiles this harness reports.
     *
     * @param count how many samples
     * @param p50 the median
     * @param p90 the 90th percentile
     * @param p99 the 99th percentile
     * @param min the smallest sample
     * @param max the largest sample
     */
    public record Summary(int count, long p50, long p90, long p99, long min, long max) {
    }

    /**
     * @param sorted samples in ascending order, at least one
     * @param p the percentile, {@code 0 < p <= 100}
     * @return the nearest-rank percentile
     * @throws IllegalArgumentException if there are no samples or p is out of range
     */
    public static long nearestRank(long[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(1, rank) - 1];
    }

    /**
     * @param samples at least one value, in any order; not modified
     * @return their summary
     * @throws IllegalArgumentException if there are none
     */
    public static Summary of(long[] samples) {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return new Summary(sorted.length, nearestRank(sorted, 50), nearestRank(sorted, 90), nearestRank(sorted, 99),
                sorted[0], sorted[sorted.length - 1]);
    }
}
