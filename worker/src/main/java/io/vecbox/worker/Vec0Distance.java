package io.vecbox.worker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * vec0's float32 distances, computed with exactly vec0's operations in vec0's order, so that the
 * result is bit-identical to what sqlite-vec v0.1.9 built without SIMD returns (facts from its
 * {@code l2_sqr_float} and {@code distance_cosine_float}):
 * <ul>
 *   <li>L2: a float accumulator from 0; for each dimension in order, {@code t = stored - query}
 *       (float), {@code sum += t * t} (float multiply, then float add: no fused multiply-add);
 *       the distance is the double square root of the sum, rounded to float.</li>
 *   <li>cosine: three float accumulators from 0; for each dimension in order {@code dot += s*q},
 *       {@code sMag += s*s}, {@code qMag += q*q}; the distance is
 *       {@code 1 - dot / (sqrt(sMag) * sqrt(qMag))} evaluated in double and rounded to float.</li>
 * </ul>
 * Java's float arithmetic is IEEE 754 with no contraction, so these loops reproduce C's. Whether
 * the loaded binary really computes this way (a SIMD build, a compiler that fuses multiply-adds,
 * a user's own build) is checked at run time against its {@code vec_distance_*} functions by
 * {@link KnnFastPath} before any answer relies on it. Stateless; thread-safe.
 */
final class Vec0Distance {
    static final VarHandle FLOATS = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Vec0Distance() {
    }

    /**
     * @param stored floats holding the stored vector from {@code offset}
     * @param query the query vector
     * @return vec0's L2 distance, as the float it computes
     */
    static float l2(float[] stored, int offset, float[] query) {
        float sum = 0f;
        for (int i = 0; i < query.length; i++) {
            float t = stored[offset + i] - query[i];
            sum += t * t;
        }
        return (float) Math.sqrt(sum);
    }

    /**
     * @param stored floats holding the stored vector from {@code offset}
     * @param query the query vector
     * @return vec0's cosine distance, as the float it computes
     */
    static float cosine(float[] stored, int offset, float[] query) {
        float dot = 0f;
        float sMag = 0f;
        float qMag = 0f;
        for (int i = 0; i < query.length; i++) {
            float s = stored[offset + i];
            float q = query[i];
            dot += s * q;
            sMag += s * s;
            qMag += q * q;
        }
        return (float) (1 - (dot / (Math.sqrt(sMag) * Math.sqrt(qMag))));
    }

    /** @return vec0's distance of this metric */
    static float of(Vec0Table.Metric metric, float[] stored, int offset, float[] query) {
        return metric == Vec0Table.Metric.L2 ? l2(stored, offset, query) : cosine(stored, offset, query);
    }

    /** @return the little-endian float32 blob decoded, or null if its length is not dims * 4 */
    static float[] decode(byte[] blob, int dimensions) {
        if (blob == null || blob.length != dimensions * Float.BYTES) {
            return null;
        }
        return decode(blob);
    }

    /** @return a little-endian float32 blob decoded (a bulk copy, no per-element work) */
    static float[] decode(byte[] blob) {
        float[] out = new float[blob.length / Float.BYTES];
        ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
