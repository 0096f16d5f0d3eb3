package io.vecbox.worker;

/**
 * The fast sums without the Vector API: eight independent float accumulators, so the CPU overlaps
 * the additions that vec0's single accumulator chains one after another. Stateless; thread-safe.
 */
final class ScalarKernel implements KnnKernel {
    @Override
    public float l2Squared(float[] stored, int offset, float[] query) {
        float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f, a4 = 0f, a5 = 0f, a6 = 0f, a7 = 0f;
        int n = query.length;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            int o = offset + i;
            float t0 = stored[o] - query[i];
            float t1 = stored[o + 1] - query[i + 1];
            float t2 = stored[o + 2] - query[i + 2];
            float t3 = stored[o + 3] - query[i + 3];
            float t4 = stored[o + 4] - query[i + 4];
            float t5 = stored[o + 5] - query[i + 5];
            float t6 = stored[o + 6] - query[i + 6];
            float t7 = stored[o + 7] - query[i + 7];
            a0 += t0 * t0;
            a1 += t1 * t1;
            a2 += t2 * t2;
            a3 += t3 * t3;
            a4 += t4 * t4;
            a5 += t5 * t5;
            a6 += t6 * t6;
            a7 += t7 * t7;
        }
        for (; i < n; i++) {
            float t = stored[offset + i] - query[i];
            a0 += t * t;
        }
        return ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7));
    }

    @Override
    public void dotAndNorm(float[] stored, int offset, float[] query, float[] out) {
        float d0 = 0f, d1 = 0f, d2 = 0f, d3 = 0f;
        float m0 = 0f, m1 = 0f, m2 = 0f, m3 = 0f;
        int n = query.length;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            int o = offset + i;
            float s0 = stored[o];
            float s1 = stored[o + 1];
            float s2 = stored[o + 2];
            float s3 = stored[o + 3];
            d0 += s0 * query[i];
            d1 += s1 * query[i + 1];
            d2 += s2 * query[i + 2];
            d3 += s3 * query[i + 3];
            m0 += s0 * s0;
            m1 += s1 * s1;
            m2 += s2 * s2;
            m3 += s3 * s3;
        }
        for (; i < n; i++) {
            float s = stored[offset + i];
            d0 += s * query[i];
            m0 += s * s;
        }
        out[0] = (d0 + d1) + (d2 + d3);
        out[1] = (m0 + m1) + (m2 + m3);
    }

    @Override
    public String name() {
        return "scalar";
    }
}
