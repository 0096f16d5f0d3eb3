package io.vecbox.jdbc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Test helpers: seeded random vectors and the exact KNN answer that vec0's must equal. */
final class Vectors {
    private Vectors() {
    }

    /** @return {@code count} vectors of {@code dimensions} floats in [-1, 1), keyed 1..count */
    static Map<Long, float[]> random(long seed, int count, int dimensions) {
        Random random = new Random(seed);
        Map<Long, float[]> out = new TreeMap<>();
        for (long id = 1; id <= count; id++) {
            float[] v = new float[dimensions];
            for (int i = 0; i < dimensions; i++) {
                v[i] = random.nextFloat() * 2 - 1;
            }
            out.put(id, v);
        }
        return out;
    }

    /** @return vec0's default distance, L2, computed from the float32 values */
    static double l2(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    /** @return the ids of the {@code k} vectors nearest to {@code query}, nearest first, by brute force */
    static List<Long> nearest(Map<Long, float[]> vectors, float[] query, int k) {
        List<Long> ids = new ArrayList<>(vectors.keySet());
        ids.sort(Comparator.comparingDouble(id -> l2(vectors.get(id), query)));
        return ids.subList(0, k);
    }
}
