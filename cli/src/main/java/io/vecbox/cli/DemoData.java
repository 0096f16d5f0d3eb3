package io.vecbox.cli;

import java.util.Arrays;
import java.util.SplittableRandom;

/** The demo's seeded random vectors and a latency summary. Stateless and thread-safe. */
final class DemoData {
    private DemoData() {
    }

    /**
     * @param seed the demo seed
     * @param id a rowid
     * @param dim the dimension
     * @return the vector of that row: the same for the same arguments, uniform in [-1, 1)
     */
    static float[] vector(long seed, long id, int dim) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + id);
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }

    /**
     * @param sortedNanos latencies, sorted ascending, not empty
     * @param p the percentile, 0..100
     * @return it in milliseconds (nearest rank)
     */
    static double percentileMillis(long[] sortedNanos, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
    }

    static long[] sorted(long[] nanos) {
        long[] copy = nanos.clone();
        Arrays.sort(copy);
        return copy;
    }
}
