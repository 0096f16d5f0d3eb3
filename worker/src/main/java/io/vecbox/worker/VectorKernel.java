package io.vecbox.worker;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fast sums with the JDK Vector API ({@code jdk.incubator.vector}): lanes of the preferred
 * species loaded from the decoded floats, multiplied and added lane-wise (two
 * operations, never a fused multiply-add, so each product is rounded to float as in vec0), the
 * lanes added at the end, a scalar loop for the dimensions past the last full vector. Loaded only
 * by {@link KnnKernel#best()} when the JVM has the module (the worker is started with
 * {@code --add-modules jdk.incubator.vector}); nothing else names this class. Stateless; thread-safe.
 */
final class VectorKernel implements KnnKernel {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    @Override
    public float l2Squared(float[] stored, int offset, float[] query) {
        int n = query.length;
        int lanes = SPECIES.length();
        int full = SPECIES.loopBound(n);
        FloatVector acc0 = FloatVector.zero(SPECIES);
        FloatVector acc1 = FloatVector.zero(SPECIES);
        int i = 0;
        for (; i + 2 * lanes <= full; i += 2 * lanes) {
            FloatVector t0 = FloatVector.fromArray(SPECIES, stored, offset + i)
                    .sub(FloatVector.fromArray(SPECIES, query, i));
            FloatVector t1 = FloatVector.fromArray(SPECIES, stored, offset + (i + lanes))
                    .sub(FloatVector.fromArray(SPECIES, query, i + lanes));
            acc0 = acc0.add(t0.mul(t0));
            acc1 = acc1.add(t1.mul(t1));
        }
        for (; i < full; i += lanes) {
            FloatVector t = FloatVector.fromArray(SPECIES, stored, offset + i)
                    .sub(FloatVector.fromArray(SPECIES, query, i));
            acc0 = acc0.add(t.mul(t));
        }
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float t = stored[offset + i] - query[i];
            sum += t * t;
        }
        return sum;
    }

    @Override
    public void dotAndNorm(float[] stored, int offset, float[] query, float[] out) {
        int n = query.length;
        int lanes = SPECIES.length();
        int full = SPECIES.loopBound(n);
        FloatVector dot = FloatVector.zero(SPECIES);
        FloatVector mag = FloatVector.zero(SPECIES);
        int i = 0;
        for (; i < full; i += lanes) {
            FloatVector s = FloatVector.fromArray(SPECIES, stored, offset + i);
            dot = dot.add(s.mul(FloatVector.fromArray(SPECIES, query, i)));
            mag = mag.add(s.mul(s));
        }
        float d = dot.reduceLanes(VectorOperators.ADD);
        float m = mag.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float s = stored[offset + i];
            d += s * query[i];
            m += s * s;
        }
        out[0] = d;
        out[1] = m;
    }

    @Override
    public String name() {
        return "vector-" + SPECIES.vectorBitSize();
    }
}
