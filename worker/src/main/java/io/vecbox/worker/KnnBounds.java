package io.vecbox.worker;

/**
 * How far a fast, reordered float sum can be from vec0's sequential one, and from it the smallest
 * distance vec0 could compute for a row: the scan recomputes a row exactly only if that lower
 * bound does not exceed the current k-th best distance, so no row that could be in the top k is
 * ever skipped.
 *
 * <p>The rule (Higham, "Accuracy and Stability of Numerical Algorithms", 4.2): summing n float
 * terms in ANY order gives {@code |computed - exact| <= gamma(n) * sum|terms|}, with
 * {@code gamma(n) = n u / (1 - n u)} and {@code u = 2^-24}. Both vec0's sum and the fast one sum
 * the same rounded products (the same float operation on the same inputs), so both are within that
 * bound of the same exact sum.
 * <ul>
 *   <li>L2: the terms are squares, all >= 0, so {@code sum|terms|} is the exact sum T itself:
 *       {@code T} lies in {@code [fast/(1+g), fast/(1-g)]} and vec0's sum in
 *       {@code [T(1-g), T(1+g)]}. The float square root and the rounding to float are monotone,
 *       so the lower end gives a lower bound of vec0's distance.</li>
 *   <li>cosine: the query's magnitude is summed exactly as vec0 does; the stored magnitude is
 *       within the L2 rule, and {@code sum|s q| <= |s| |q|} (Cauchy-Schwarz) bounds the dot
 *       product's error by {@code 2g |s||q|}; together vec0's cosine similarity is within about
 *       {@code 3g} of the fast one. The bound used is {@code 5g} plus an absolute 1e-9 for the double
 *       operations and products that underflow (norms below 1e-30 are refused).</li>
 * </ul>
 * A row whose bound is not finite or could overflow makes the scan give up ({@link #usable}).
 * Stateless; thread-safe.
 */
final class KnnBounds {
    private static final double U = 0x1p-24;
    /** Relative slack for the double arithmetic of the bounds themselves. */
    private static final double SLACK = 1e-12;
    /** Norms below this are refused: products there may underflow, which the relative rule does not cover. */
    static final double MIN_NORM = 1e-30;
    /** Sums above this are refused: a reordered sum could overflow where the other does not. */
    private static final double MAX_SUM = Float.MAX_VALUE / 4.0;

    private final double gamma;

    /** @param dimensions terms per sum */
    KnnBounds(int dimensions) {
        double nu = (dimensions + 1) * U;
        this.gamma = nu / (1 - nu);
    }

    /** @return whether a fast L2 sum is one the bound covers: finite, not near overflow */
    static boolean usable(float fastSum) {
        return fastSum >= 0 && fastSum <= MAX_SUM; // false for NaN too
    }

    /** @return a float that vec0's L2 distance for this row cannot be below */
    float l2Lower(float fastSquaredSum) {
        double exactLow = fastSquaredSum / (1 + gamma);
        double vecLow = exactLow * (1 - gamma) * (1 - SLACK);
        return (float) Math.sqrt(vecLow);
    }

    /**
     * @return whether fast cosine sums are ones the bound covers: finite, norms not tiny or near
     *     overflow
     */
    static boolean usable(float dot, float storedMagnitude, float queryMagnitude) {
        return Float.isFinite(dot) && storedMagnitude >= MIN_NORM && storedMagnitude <= MAX_SUM
                && queryMagnitude >= MIN_NORM && queryMagnitude <= MAX_SUM;
    }

    /** @return a float that vec0's cosine distance for this row cannot be below */
    float cosineLower(float fastDot, float fastStoredMagnitude, float queryMagnitude) {
        double similarity = fastDot / (Math.sqrt(fastStoredMagnitude) * Math.sqrt(queryMagnitude));
        double high = similarity + 5 * gamma + 1e-9;
        return (float) (1 - high);
    }
}
