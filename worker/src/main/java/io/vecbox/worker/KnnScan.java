package io.vecbox.worker;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.sqlite.SQLiteConnection;

/**
 * One KNN scan over vec0's own chunk storage, inside the caller's read transaction: the chunks
 * that match the partition values, in chunk_id order (the order vec0 reads them in), optionally
 * only one contiguous range of them (a part of a scattered query). Per chunk, the fast kernel sums
 * every valid slot; a slot whose lower bound ({@link KnnBounds}) does not exceed the current k-th
 * distance is recomputed exactly ({@link Vec0Distance}) and offered to the top k ({@link KnnTopK},
 * vec0's order). Between chunks it asks {@code stop} whether the request was cancelled or passed
 * its deadline.
 *
 * <p>Anything unexpected in the storage (a blob of the wrong size, a missing vector chunk) or a
 * value the bounds do not cover (NaN, infinities, zero or tiny norms for cosine) ends the scan with
 * {@link Decline}: the statement then runs through vec0, which reports or handles it its own way.
 * Statement thread only.
 */
final class KnnScan {
    /** The scan gives up: the statement should run through vec0 instead. Carries no stack. */
    static final class Decline extends Exception {
        private static final long serialVersionUID = 1L;

        Decline(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Asked between chunks; throws to stop the scan (an interrupt). */
    interface Stop {
        void check() throws SQLException;
    }

    /** The scan's answer: rowids and their vec0 distances, best first. */
    record Rows(long[] rowids, float[] distances) {
    }

    private final SQLiteConnection conn;
    private final KnnKernel kernel;

    KnnScan(SQLiteConnection conn, KnnKernel kernel) {
        this.conn = conn;
        this.kernel = kernel;
    }

    /**
     * @param table the table
     * @param column the vector column searched
     * @param query the query vector (finite; length = dimensions)
     * @param k rows wanted, 1..4096
     * @param partitionIdx partition key index (the NN of partitionNN) of each partition value
     * @param partitionValues values compared for equality, as bound parameters
     * @param shard which part, from 0 (0 when not split)
     * @param shards into how many parts the chunks are split; 0 = all chunks
     * @param stop asked between chunks
     * @return the top k of the chunks scanned, in vec0's order
     * @throws Decline if the statement should run through vec0 instead
     * @throws SQLException if a read fails (an interrupt included)
     */
    Rows scan(Vec0Table table, Vec0Table.VectorColumn column, float[] query, int k, List<Integer> partitionIdx,
              List<Object> partitionValues, int shard, int shards, Stop stop) throws Decline, SQLException {
        StringBuilder where = new StringBuilder();
        for (int i = 0; i < partitionIdx.size(); i++) {
            where.append(i == 0 ? " where " : " and ").append(String.format("c.partition%02d = ?", partitionIdx.get(i)));
        }
        String chunks = table.shadow("_chunks");
        long offset = 0;
        long limit = -1;
        if (shards > 0) {
            long n;
            try (PreparedStatement count = conn.prepareStatement("select count(*) from " + chunks + " c" + where)) {
                bindAll(count, partitionValues, 1);
                try (ResultSet rs = count.executeQuery()) {
                    n = rs.next() ? rs.getLong(1) : 0;
                }
            }
            offset = shard * n / shards;
            limit = (shard + 1) * n / shards - offset;
            if (limit == 0) {
                return new Rows(new long[0], new float[0]);
            }
        }
        String sql = "select c.chunk_id, c.validity, c.rowids, v.vectors from " + chunks + " c left join "
                + table.shadow(String.format("_vector_chunks%02d", column.index())) + " v on v._rowid_ = c.chunk_id"
                + where + " order by c.chunk_id limit ? offset ?";
        int chunkSize = table.chunkSize();
        int vectorBytes = column.vectorBytes();
        KnnBounds bounds = new KnnBounds(column.dimensions());
        Vec0Table.Metric metric = column.metric();
        float queryMagnitude = 0f;
        for (float q : query) {
            queryMagnitude += q * q; // the same sequential sum vec0 accumulates for every row
        }
        if (metric == Vec0Table.Metric.COSINE && !KnnBounds.usable(0f, 1f, queryMagnitude)) {
            throw new Decline("query vector norm out of range");
        }
        float[] sums = new float[2];
        KnnTopK top = new KnnTopK(k);
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            int at = bindAll(ps, partitionValues, 1);
            ps.setLong(at, limit);
            ps.setLong(at + 1, offset);
            try (ResultSet rs = ps.executeQuery()) {
                int chunkPos = 0;
                while (rs.next()) {
                    stop.check();
                    byte[] validity = rs.getBytes(2);
                    byte[] rowids = rs.getBytes(3);
                    byte[] vectors = rs.getBytes(4);
                    if (validity == null || validity.length != chunkSize / 8 || rowids == null
                            || rowids.length != chunkSize * Long.BYTES || vectors == null
                            || vectors.length != chunkSize * vectorBytes) {
                        throw new Decline("chunk " + rs.getLong(1) + " does not have the expected layout");
                    }
                    for (int slot = 0; slot < chunkSize; slot++) {
                        if ((validity[slot >>> 3] >>> (slot & 7) & 1) == 0) {
                            continue;
                        }
                        int off = slot * vectorBytes;
                        float lower;
                        if (metric == Vec0Table.Metric.L2) {
                            float s = kernel.l2Squared(vectors, off, query);
                            if (!KnnBounds.usable(s)) {
                                throw new Decline("a distance out of the range the fast path covers");
                            }
                            lower = bounds.l2Lower(s);
                        } else {
                            kernel.dotAndNorm(vectors, off, query, sums);
                            if (!KnnBounds.usable(sums[0], sums[1], queryMagnitude)) {
                                throw new Decline("a distance out of the range the fast path covers");
                            }
                            lower = bounds.cosineLower(sums[0], sums[1], queryMagnitude);
                        }
                        if (lower <= top.bound()) {
                            float exact = Vec0Distance.of(metric, vectors, off, query);
                            if (Float.isNaN(exact)) {
                                throw new Decline("a NaN distance");
                            }
                            top.offer(exact, chunkPos, slot, (long) Vec0Distance.LONGS.get(rowids, slot * Long.BYTES));
                        }
                    }
                    chunkPos++;
                }
            }
        }
        float[] distances = new float[top.size()];
        long[] ids = top.drain(distances);
        return new Rows(ids, distances);
    }

    private static int bindAll(PreparedStatement ps, List<Object> values, int from) throws SQLException {
        int at = from;
        for (Object v : values) {
            ps.setObject(at++, v);
        }
        return at;
    }
}
