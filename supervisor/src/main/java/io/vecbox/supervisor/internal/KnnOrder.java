package io.vecbox.supervisor.internal;

/**
 * The order of a scattered nearest-neighbour query's rows across its parts: vec0's own. vec0
 * scans its chunks in {@code chunk_id} order and on equal distances keeps the earlier chunk's row
 * first, and inside a chunk an order of its own; a worker answering part {@code i} of {@code n}
 * scans a contiguous range of chunks, every one before part {@code i + 1}'s, and gives its rows
 * in vec0's order. So the whole answer's order is: distance ascending, then part index
 * ascending, then position inside the part ascending. Ordering ties by rowid would not reproduce
 * vec0 (inside a chunk it puts the higher slot, usually the higher rowid, first).
 *
 * <p>Distances compare as doubles with {@code <} and {@code ==}: a part's distances are never NaN
 * or {@code -0.0}. Stateless.
 */
final class KnnOrder {
    private KnnOrder() {
    }

    /**
     * @return negative if the row at ({@code distanceA}, {@code partA}, {@code positionA}) comes
     *     first, positive if the other one does; 0 only for the same row
     */
    static int compare(double distanceA, int partA, int positionA, double distanceB, int partB, int positionB) {
        if (distanceA < distanceB) {
            return -1;
        }
        if (distanceA > distanceB) {
            return 1;
        }
        if (partA != partB) {
            return partA < partB ? -1 : 1;
        }
        return Integer.compare(positionA, positionB);
    }
}
