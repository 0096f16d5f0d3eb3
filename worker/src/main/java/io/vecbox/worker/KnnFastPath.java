package io.vecbox.worker;

import io.vecbox.protocol.Configure;
import io.vecbox.protocol.EncodedSize;
import io.vecbox.protocol.Query;
import io.vecbox.protocol.Result;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.sqlite.SQLiteConnection;

/**
 * The reader's KNN fast path: the plain nearest-neighbour query ({@link KnnStatement}) on a vec0
 * table it understands ({@link Vec0Table}) is answered by scanning vec0's chunk storage in Java
 * ({@link KnnScan}) instead of by vec0, with the same rows, in the same order, with bit-identical
 * distances. It declines (answers null, and the statement runs through vec0) whenever it is not
 * sure to match: another statement shape, another table layout, a loaded sqlite-vec other than
 * the version whose storage and arithmetic it follows ({@value #KNOWN_VERSION}), a binary whose
 * {@code vec_distance_*} results differ from {@link Vec0Distance} for the column's dimensions
 * (a SIMD or fused-multiply-add build), a query vector that is not a float32 blob of the right
 * size or holds NaN or infinities, {@code k} outside 1..4096 (vec0 answers 0 rows or its own
 * error), or storage that looks unexpected.
 *
 * <p>All its reads run in one read transaction (its own deferred {@code BEGIN} in autocommit, or
 * the held transaction), so one answer sees one committed state. Statement thread only.
 */
final class KnnFastPath {
    /** The sqlite-vec version whose storage format and arithmetic this class follows. */
    static final String KNOWN_VERSION = "v0.1.9";
    /** vec0's own cap on k (SQLITE_VEC_VEC0_K_MAX). */
    static final int MAX_K = 4096;
    private static final int CHECK_PAIRS = 8;

    private final Configure config;
    private final SQLiteConnection conn;
    private final StatementCache statements;
    private final AutocommitProbe probe;
    private final KnnKernel kernel;
    private final KnnCache cache;
    private KnnScan scan;
    /** Whether {@link #scan} was looked for: null after that means no kernel beats vec0 here. */
    private boolean kernelChosen;
    /** Dimensions for which the binary's distances were compared with ours, and the verdict. */
    private final Map<Integer, Boolean> arithmetic = new HashMap<>();
    private Boolean knownVersion;

    /**
     * @param kernel the fast kernel, or null to pick the best one ({@link KnnKernel#best()}) at the
     *     first scan rather than at start-up
     */
    KnnFastPath(Configure config, SQLiteConnection conn, StatementCache statements, AutocommitProbe probe,
                KnnKernel kernel) {
        this.config = config;
        this.conn = conn;
        this.statements = statements;
        this.probe = probe;
        this.kernel = kernel;
        this.cache = new KnnCache(config.knnCacheBytes(), Runtime.getRuntime().maxMemory());
    }

    /** @return the chunk cache (for tests) */
    KnnCache cache() {
        return cache;
    }

    /**
     * @param q the query (whole, or one part of a scattered one)
     * @param start when the request started, {@link System#nanoTime()}
     * @param stop asked between chunks
     * @return the answer, or null if the statement must run through vec0 (a part: NOT_SHARDABLE)
     * @throws SQLException if the scan was interrupted (deadline, cancel) or the transaction could not end
     */
    Result query(Query q, long start, KnnScan.Stop stop) throws SQLException {
        KnnStatement st = KnnStatement.recognise(q.sql());
        if (st == null || (q.isShard() && !st.selectsDistance()) || st.parameterCount() != q.params().size()) {
            return null;
        }
        long k = st.kParam() < 0 ? st.kLiteral() : (q.params().get(st.kParam()) instanceof Long l ? l : -1);
        if (k < 1 || k > MAX_K || !(q.params().get(st.matchParam()) instanceof byte[] blob)) {
            return null;
        }
        List<Object> partitionValues = new ArrayList<>();
        for (int p : st.partitionParams()) {
            Object v = q.params().get(p);
            if (!(v instanceof Long) && !(v instanceof String)) {
                return null;
            }
            partitionValues.add(v);
        }
        if (!knownVersion() || scanner() == null) {
            return null;
        }
        boolean began = probe.begin();
        try {
            Vec0Table table = readTable(st.table());
            Vec0Table.VectorColumn column = table == null ? null : table.vector(st.vectorColumn());
            if (column == null) {
                return null;
            }
            List<Integer> partitionIdx = new ArrayList<>();
            for (String name : st.partitionColumns()) {
                int idx = table.partition(name);
                if (idx < 0) {
                    return null;
                }
                partitionIdx.add(idx);
            }
            float[] query = Vec0Distance.decode(blob, column.dimensions());
            if (query == null || !allFinite(query) || !arithmeticMatches(column.dimensions())) {
                return null;
            }
            List<String> columns = labels(q.sql(), st.select().size());
            if (columns == null) {
                return null;
            }
            cache.validate(dataVersion());
            KnnScan.Rows rows = scan.scan(table, column, query, (int) k, partitionIdx, partitionValues,
                    q.shard(), q.shards(), stop, cache);
            return answer(q, st, columns, rows, start);
        } catch (KnnScan.Decline d) {
            return null;
        } catch (SQLException e) {
            if ((SqlSession.sqliteCode(e) & 0xff) == SqlSession.SQLITE_INTERRUPT) {
                throw e;
            }
            return null; // vec0 meets the same storage and reports it its own way
        } finally {
            if (began && !probe.commit()) {
                conn.getDatabase()._exec("rollback");
            }
        }
    }

    /** What {@link #warmUp} did: vector columns scanned into the cache, and the bytes it holds after. */
    record WarmUp(int columns, long bytes) {
    }

    /**
     * Fills the cache before the first query ({@code configure.knnWarmUp}): for every vec0 table
     * without partition keys whose layout the fast path serves, and each of its vector columns
     * whose dimension count passes the arithmetic check, runs the scan a k = 1 query with a vector
     * of ones would run, in one read transaction. A column whose chunks do not fit in what is left
     * of the cache, or whose storage the scan declines, is skipped (as its queries would go to
     * vec0 or fill the cache themselves). The cache thus holds what those queries would have loaded.
     *
     * @return what was cached; zero columns if the fast path is off here (no kernel, no cache,
     *     another sqlite-vec version)
     * @throws SQLException if the schema or the storage could not be read
     */
    WarmUp warmUp() throws SQLException {
        if (!cache.enabled() || !knownVersion() || scanner() == null) {
            return new WarmUp(0, 0);
        }
        int columns = 0;
        boolean began = probe.begin();
        try {
            cache.validate(dataVersion());
            for (Vec0Table table : servedTables()) {
                for (Vec0Table.VectorColumn column : table.vectors()) {
                    if (!arithmeticMatches(column.dimensions())) {
                        continue;
                    }
                    float[] ones = new float[column.dimensions()];
                    Arrays.fill(ones, 1f);
                    try {
                        scan.scan(table, column, ones, 1, List.of(), List.of(), 0, 0, () -> { }, cache);
                        columns++;
                    } catch (KnnScan.Decline d) {
                        // too large for what is left, or storage the fast path leaves to vec0
                    }
                }
            }
        } finally {
            if (began && !probe.commit()) {
                conn.getDatabase()._exec("rollback");
            }
        }
        return new WarmUp(columns, cache.usedBytes());
    }

    /** @return the vec0 tables without partition keys whose layout the fast path serves, by name */
    private List<Vec0Table> servedTables() throws SQLException {
        List<Vec0Table> tables = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "select name, sql from main.sqlite_master where type = 'table' order by name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Vec0Table t = Vec0Table.parse(rs.getString(1), rs.getString(2));
                if (t != null && t.partitions().isEmpty()) {
                    tables.add(t);
                }
            }
        }
        return tables;
    }

    private Result answer(Query q, KnnStatement st, List<String> columns, KnnScan.Rows rows, long start) {
        int maxRows = q.maxRows() > 0 ? q.maxRows() : config.maxRows();
        long maxBytes = q.maxResultBytes() > 0 ? q.maxResultBytes() : config.maxResultBytes();
        long bytes = 0;
        for (String c : columns) {
            bytes += EncodedSize.column(c);
        }
        int n = columns.size();
        List<List<Object>> out = new ArrayList<>(Math.min(rows.rowids().length, maxRows));
        boolean truncated = false;
        for (int r = 0; r < rows.rowids().length; r++) {
            if (out.size() >= maxRows) {
                truncated = true;
                break;
            }
            Object[] row = new Object[n];
            for (int i = 0; i < n; i++) {
                row[i] = st.select().get(i) == KnnStatement.Output.ROWID
                        ? (Object) rows.rowids()[r] : (Object) (double) rows.distances()[r];
            }
            long rowBytes = EncodedSize.row(row);
            if (bytes + rowBytes > maxBytes) {
                truncated = true;
                break;
            }
            bytes += rowBytes;
            out.add(Arrays.asList(row));
        }
        return new Result(q.id(), columns, out, 0, 0, truncated, System.nanoTime() - start, List.of());
    }

    /** @return the labels SQLite gives the statement's columns (prepared, never stepped), or null */
    private List<String> labels(String sql, int expected) throws SQLException {
        PreparedStatement ps = statements.prepare(sql);
        try {
            ResultSetMetaData md = ps.getMetaData();
            if (md == null || md.getColumnCount() != expected) {
                return null;
            }
            List<String> out = new ArrayList<>(expected);
            for (int i = 1; i <= expected; i++) {
                out.add(md.getColumnLabel(i));
            }
            return out;
        } finally {
            statements.release(ps);
        }
    }

    private Vec0Table readTable(String name) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "select name, sql from main.sqlite_master where type = 'table' and name = ? collate nocase")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Vec0Table t = Vec0Table.parse(rs.getString(1), rs.getString(2));
                return rs.next() ? null : t;
            }
        }
    }

    /** @return the scan with the best kernel, chosen at the first KNN query; null if none beats vec0 */
    private KnnScan scanner() {
        if (!kernelChosen) {
            kernelChosen = true;
            KnnKernel k = kernel != null ? kernel : KnnKernel.best();
            scan = k == null ? null : new KnnScan(conn, k);
        }
        return scan;
    }

    /** @return {@code PRAGMA data_version}: read inside the transaction, it names the snapshot's state */
    private long dataVersion() throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("pragma data_version");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("pragma data_version returned no row");
            }
            return rs.getLong(1);
        }
    }

    private boolean knownVersion() {
        if (knownVersion == null) {
            try (PreparedStatement ps = conn.prepareStatement("select vec_version()");
                 ResultSet rs = ps.executeQuery()) {
                knownVersion = rs.next() && KNOWN_VERSION.equals(rs.getString(1));
            } catch (SQLException e) {
                knownVersion = false;
            }
        }
        return knownVersion;
    }

    /**
     * Compares the loaded binary's {@code vec_distance_l2} and {@code vec_distance_cosine} (the
     * same C functions its KNN uses) with {@link Vec0Distance} on a few random vectors of this
     * dimension count, once per count. Any difference (a SIMD path, fused multiply-adds) switches
     * the fast path off for that count.
     */
    private boolean arithmeticMatches(int dimensions) {
        Boolean verdict = arithmetic.get(dimensions);
        if (verdict != null) {
            return verdict;
        }
        boolean same = true;
        Random random = new Random(dimensions);
        try (PreparedStatement ps = conn.prepareStatement("select vec_distance_l2(?, ?), vec_distance_cosine(?, ?)")) {
            for (int pair = 0; pair < CHECK_PAIRS && same; pair++) {
                float[] a = new float[dimensions];
                float[] b = new float[dimensions];
                float scale = (float) Math.pow(10, pair % 4 - 1);
                for (int i = 0; i < dimensions; i++) {
                    a[i] = (random.nextFloat() * 2 - 1) * scale;
                    b[i] = random.nextFloat() * 2 - 1;
                }
                byte[] ab = encode(a);
                byte[] bb = encode(b);
                ps.setBytes(1, ab);
                ps.setBytes(2, bb);
                ps.setBytes(3, ab);
                ps.setBytes(4, bb);
                try (ResultSet rs = ps.executeQuery()) {
                    same = rs.next() && rs.getDouble(1) == Vec0Distance.l2(a, 0, b)
                            && rs.getDouble(2) == Vec0Distance.cosine(a, 0, b);
                }
            }
        } catch (SQLException e) {
            DeniedFunctions.takeDenial(); // a sandbox that denies them: no fast path, and no denial reported
            same = false;
        }
        arithmetic.put(dimensions, same);
        return same;
    }

    static byte[] encode(float[] v) {
        byte[] out = new byte[v.length * Float.BYTES];
        for (int i = 0; i < v.length; i++) {
            Vec0Distance.FLOATS.set(out, i * Float.BYTES, v[i]);
        }
        return out;
    }

    private static boolean allFinite(float[] v) {
        for (float f : v) {
            if (!Float.isFinite(f)) {
                return false;
            }
        }
        return true;
    }
}
