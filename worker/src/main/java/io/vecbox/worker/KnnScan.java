package io.vecbox.worker;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
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
     * @param cache chunks kept from earlier scans, validated for this transaction's snapshot
     * @return the top k of the chunks scanned, in vec0's order
     * @throws Decline if the statement should run through vec0 instead
     * @throws SQLException if a read fails (an interrupt included)
     */
    Rows scan(Vec0Table table, Vec0Table.VectorColumn column, float[] query, int k, List<Integer> partitionIdx,
              List<Object> partitionValues, int shard, int shards, Stop stop, KnnCache cache)
            throws Decline, SQLException {
        List<Long> ids = chunkIds(table, partitionIdx, partitionValues);
        int from = 0;
        int to = ids.size();
        if (shards > 0) {
            from = (int) ((long) shard * ids.size() / shards);
            to = (int) ((long) (shard + 1) * ids.size() / shards);
        }
        cacheable(cache, table, column, ids.subList(from, to));
        Vec0Table.Metric metric = column.metric();
        float queryMagnitude = 0f;
        for (float q : query) {
            queryMagnitude += q * q; // the same sequential sum vec0 accumulates for every row
        }
        if (metric == Vec0Table.Metric.COSINE && !KnnBounds.usable(0f, 1f, queryMagnitude)) {
            throw new Decline("query vector norm out of range");
        }
        KnnTopK top = new KnnTopK(k);
        KnnBounds bounds = new KnnBounds(column.dimensions());
        float[] sums = new float[2];
        PreparedStatement read = null;
        try {
            for (int pos = from; pos < to; pos++) {
                stop.check();
                long id = ids.get(pos);
                KnnCache.Chunk chunk = cache.get(table.name(), column.index(), id);
                if (chunk == null) {
                    if (read == null) {
                        read = conn.prepareStatement("select c.validity, c.rowids, v.vectors from "
                                + table.shadow("_chunks") + " c left join "
                                + table.shadow(String.format("_vector_chunks%02d", column.index()))
                                + " v on v._rowid_ = c.chunk_id where c.chunk_id = ?");
                    }
                    chunk = read(read, id, table.chunkSize(), column.vectorBytes());
                    cache.put(table.name(), column.index(), id, chunk);
                }
                scanChunk(chunk, pos - from, table.chunkSize(), column, query, queryMagnitude, bounds, sums, top);
            }
        } finally {
            if (read != null) {
                read.close();
            }
        }
        float[] distances = new float[top.size()];
        long[] rowids = top.drain(distances);
        return new Rows(rowids, distances);
    }

    /**
     * The fast path pays off only from the cache: a chunk read from SQLite, copied out through JDBC
     * and decoded costs about what vec0's own scan of it costs. So a scan whose chunks are not all
     * cached, and do not all fit in what is left of the cache, runs through vec0 instead (with no
     * cache, every scan does), and one that fits fills the cache for the next.
     *
     * @throws Decline if the range's missing chunks do not fit in the cache
     */
    private static void cacheable(KnnCache cache, Vec0Table table, Vec0Table.VectorColumn column, List<Long> range)
            throws Decline {
        long missing = 0;
        for (long id : range) {
            if (cache.get(table.name(), column.index(), id) == null) {
                missing++;
            }
        }
        if (missing == 0) {
            return;
        }
        long chunkBytes = KnnCache.Chunk.bytes(table.chunkSize(), column.dimensions());
        if (cache.usedBytes() + missing * chunkBytes > cache.limitBytes()) {
            throw new Decline(missing + " chunks of " + chunkBytes + " bytes do not fit in the KNN cache ("
                    + cache.limitBytes() + " bytes, " + cache.usedBytes() + " used)");
        }
    }

    /** @return the ids of the chunks that match the partition values, in chunk_id order */
    private List<Long> chunkIds(Vec0Table table, List<Integer> partitionIdx, List<Object> partitionValues)
            throws SQLException {
        StringBuilder sql = new StringBuilder("select chunk_id from ").append(table.shadow("_chunks"));
        for (int i = 0; i < partitionIdx.size(); i++) {
            sql.append(i == 0 ? " where " : " and ").append(String.format("partition%02d = ?", partitionIdx.get(i)));
        }
        sql.append(" order by chunk_id");
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(sql.toString())) {
            bindAll(ps, partitionValues, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    private static KnnCache.Chunk read(PreparedStatement ps, long id, int chunkSize, int vectorBytes)
            throws SQLException, Decline {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new Decline("chunk " + id + " is gone");
            }
            byte[] validity = rs.getBytes(1);
            byte[] rowids = rs.getBytes(2);
            byte[] vectors = rs.getBytes(3);
            if (validity == null || validity.length != chunkSize / 8 || rowids == null
                    || rowids.length != chunkSize * Long.BYTES || vectors == null
                    || vectors.length != chunkSize * vectorBytes) {
                throw new Decline("chunk " + id + " does not have the expected layout");
            }
            return new KnnCache.Chunk(validity, rowids, Vec0Distance.decode(vectors));
        }
    }

    private void scanChunk(KnnCache.Chunk chunk, int chunkPos, int chunkSize, Vec0Table.VectorColumn column,
                           float[] query, float queryMagnitude, KnnBounds bounds, float[] sums, KnnTopK top)
            throws Decline {
        byte[] validity = chunk.validity();
        float[] vectors = chunk.vectors();
        int dims = column.dimensions();
        boolean l2 = column.metric() == Vec0Table.Metric.L2;
        for (int slot = 0; slot < chunkSize; slot++) {
            if ((validity[slot >>> 3] >>> (slot & 7) & 1) == 0) {
                continue;
            }
            int off = slot * dims;
            float lower;
            if (l2) {
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
                float exact = Vec0Distance.of(column.metric(), vectors, off, query);
                if (Float.isNaN(exact)) {
                    throw new Decline("a NaN distance");
                }
                top.offer(exact, chunkPos, slot, (long) Vec0Distance.LONGS.get(chunk.rowids(), slot * Long.BYTES));
            }
        }
    }

    private static int bindAll(PreparedStatement ps, List<Object> values, int from) throws SQLException {
        int at = from;
        for (Object v : values) {
            ps.setObject(at++, v);
        }
        return at;
    }
}
