package io.vecbox.worker;

/**
 * The best {@code k} rows seen so far, in vec0's order: distance ascending, then the chunk's
 * position in chunk_id order ascending, then the slot inside the chunk DESCENDING. (vec0 picks a
 * chunk's best rows with a selection that takes the last of equal minimums, then merges them into
 * its running list keeping earlier chunks first on ties; see the worker docs.) A bounded max-heap
 * on that order: the root is the worst row kept. Distances are never NaN here (the scan gives up
 * on a NaN before it gets here). Not thread-safe.
 */
final class KnnTopK {
    private final int k;
    private final float[] distance;
    private final int[] chunk;
    private final int[] slot;
    private final long[] rowid;
    private int size;

    KnnTopK(int k) {
        this.k = k;
        this.distance = new float[k];
        this.chunk = new int[k];
        this.slot = new int[k];
        this.rowid = new long[k];
    }

    /** @return the distance a row must not exceed to have a chance: the worst kept once full, else +inf */
    float bound() {
        return size < k ? Float.POSITIVE_INFINITY : distance[0];
    }

    int size() {
        return size;
    }

    /** Offers one row; keeps it if it is among the best k so far. */
    void offer(float d, int chunkPos, int slotPos, long id) {
        if (size < k) {
            int i = size++;
            set(i, d, chunkPos, slotPos, id);
            siftUp(i);
        } else if (before(d, chunkPos, slotPos, 0)) {
            set(0, d, chunkPos, slotPos, id);
            siftDown(0);
        }
    }

    /** @return the rowids kept, best first; fills {@code distances} (length >= size) to match */
    long[] drain(float[] distances) {
        int n = size;
        long[] ids = new long[n];
        for (int out = n - 1; out >= 0; out--) {
            ids[out] = rowid[0];
            distances[out] = distance[0];
            size--;
            if (size > 0) {
                move(size, 0);
                siftDown(0);
            }
        }
        return ids;
    }

    /** vec0's order: does (d, c, s) come strictly before entry i? */
    private boolean before(float d, int c, int s, int i) {
        if (d != distance[i]) {
            return d < distance[i];
        }
        if (c != chunk[i]) {
            return c < chunk[i];
        }
        return s > slot[i];
    }

    private boolean entryBefore(int a, int b) {
        return before(distance[a], chunk[a], slot[a], b);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!entryBefore(parent, i)) {
                return; // parent is not better than i: heap order (worst at the root) holds
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                return;
            }
            int worst = l;
            int r = l + 1;
            if (r < size && entryBefore(l, r)) {
                worst = r;
            }
            if (!entryBefore(i, worst)) {
                return;
            }
            swap(i, worst);
            i = worst;
        }
    }

    private void set(int i, float d, int c, int s, long id) {
        distance[i] = d;
        chunk[i] = c;
        slot[i] = s;
        rowid[i] = id;
    }

    private void move(int from, int to) {
        set(to, distance[from], chunk[from], slot[from], rowid[from]);
    }

    private void swap(int a, int b) {
        float d = distance[a];
        int c = chunk[a];
        int s = slot[a];
        long id = rowid[a];
        move(b, a);
        set(b, d, c, s, id);
    }
}
