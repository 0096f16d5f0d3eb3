package io.vecbox.worker;

/**
 * The fast half of the KNN scan: float sums over one stored vector and the query in whatever order
 * is quickest (several accumulators, vector lanes). Their results differ from vec0's sequential
 * sums only by rounding, which {@link KnnBounds} bounds; the rows that could be in the top k are
 * then recomputed exactly by {@link Vec0Distance}. Implementations are stateless and thread-safe.
 */
interface KnnKernel {
    /**
     * @param stored blob holding the stored vector at {@code offset} (little-endian float32)
     * @param query the query vector (its length is the dimension count)
     * @return the sum over all dimensions of {@code (stored - query)^2}, each square rounded to float
     *     and the sum in float, in any order; no fused multiply-add
     */
    float l2Squared(byte[] stored, int offset, float[] query);

    /**
     * @param stored blob holding the stored vector at {@code offset} (little-endian float32)
     * @param query the query vector
     * @param out receives {@code out[0]} = sum of {@code stored * query}, {@code out[1]} = sum of
     *     {@code stored * stored}, each product rounded to float and the sums in float, in any order
     */
    void dotAndNorm(byte[] stored, int offset, float[] query, float[] out);

    /** @return a name for logs and benchmarks */
    String name();

    /**
     * @return the Vector API kernel when the JVM has the incubator module (loaded only then), else
     *     the scalar one
     */
    static KnnKernel best() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                return (KnnKernel) Class.forName("io.vecbox.worker.VectorKernel").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                StderrLog.error("the Vector API kernel did not load; using the scalar one", e);
            }
        }
        return new ScalarKernel();
    }
}
