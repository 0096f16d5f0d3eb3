package io.vecbox.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.vecbox.protocol.Result;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential tests: the reader's KNN fast path against vec0 itself (the real extension, same
 * read-only connection), on data made to contain exact ties, duplicates, deleted and updated rows,
 * partly invalid chunks, several chunk sizes, partition keys, both metrics, k from 1 to 4096.
 */
class KnnFastPathTest {
    @TempDir
    Path dir;
    private Vec0Fixture db;

    @AfterEach
    void close() throws SQLException {
        if (db != null) {
            db.close();
        }
    }

    /** @return the fast kernel under test */
    KnnKernel kernel() {
        return new ScalarKernel();
    }

    private Vec0Fixture open(KnnKernel kernel) throws SQLException {
        db = new Vec0Fixture(dir.resolve("k.db"), kernel);
        return db;
    }

    /** Random vectors; a third are copies of earlier ones, a third have small integer coordinates (exact ties). */
    private static List<float[]> vectors(Random r, int n, int dims) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] v = new float[dims];
            int kind = r.nextInt(3);
            if (kind == 0 && !out.isEmpty()) {
                v = out.get(r.nextInt(out.size())).clone();
            } else if (kind == 1) {
                for (int d = 0; d < dims; d++) {
                    v[d] = r.nextInt(3) - 1;
                }
                v[r.nextInt(dims)] = 1; // never the zero vector (cosine would be NaN)
            } else {
                for (int d = 0; d < dims; d++) {
                    v[d] = (float) r.nextGaussian();
                }
            }
            out.add(v);
        }
        return out;
    }

    private void fill(String table, Random r, int n, int dims, int partitions) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        List<float[]> vs = vectors(r, n, dims);
        for (int i = 0; i < n; i++) {
            rows.add(partitions > 0
                    ? new Object[] {(long) (i + 1), Vec0Fixture.blob(vs.get(i)), (long) r.nextInt(partitions)}
                    : new Object[] {(long) (i + 1), Vec0Fixture.blob(vs.get(i))});
        }
        db.load(partitions > 0 ? "insert into " + table + "(rowid, e, p) values (?, ?, ?)"
                : "insert into " + table + "(rowid, e) values (?, ?)", rows);
    }

    private void assertSame(String sql, List<Object> params) throws SQLException {
        Result vec0 = db.vec0(sql, params);
        Result fast = db.fast(sql, params, 0, 0);
        assertThat(fast).as("fast path taken for %s", sql).isNotNull();
        assertThat(fast.columns()).isEqualTo(vec0.columns());
        assertThat(fast.rows()).as("rows of %s k=%s", sql, params.get(params.size() - 1)).isEqualTo(vec0.rows());
        for (int shards : new int[] {2, 3, 7}) {
            assertThat(merged(sql, params, shards, fast.columns().indexOf("distance")))
                    .as("%s merged from %d parts", sql, shards).isEqualTo(vec0.rows());
        }
    }

    /** The supervisor's merge rule: by (distance, part, position in the part), then the first k. */
    private List<List<Object>> merged(String sql, List<Object> params, int shards, int distanceColumn)
            throws SQLException {
        record Tagged(List<Object> row, int shard, int pos) { }
        List<Tagged> all = new ArrayList<>();
        for (int s = 0; s < shards; s++) {
            Result part = db.fast(sql, params, s, shards);
            assertThat(part).as("part %d of %d", s, shards).isNotNull();
            for (int i = 0; i < part.rows().size(); i++) {
                all.add(new Tagged(part.rows().get(i), s, i));
            }
        }
        all.sort(Comparator.<Tagged>comparingDouble(t -> (Double) t.row().get(distanceColumn))
                .thenComparingInt(Tagged::shard).thenComparingInt(Tagged::pos));
        long k = (Long) params.get(params.size() - 1);
        return all.stream().limit(k).map(Tagged::row).toList();
    }

    @Test
    void l2MatchesVec0WithTiesDuplicatesDeletesAndUpdates() throws SQLException {
        open(kernel());
        Random r = new Random(42);
        db.exec("create virtual table t using vec0(e float[13], chunk_size=16)");
        fill("t", r, 700, 13, 0);
        db.exec("delete from t where rowid % 7 = 0");
        db.exec("delete from t where rowid between 100 and 140"); // whole chunks gone, others partly invalid
        for (float[] v : vectors(r, 30, 13)) {
            db.load("update t set e = ? where rowid = ?", List.<Object[]>of(new Object[] {Vec0Fixture.blob(v),
                    (long) (1 + r.nextInt(700))}));
        }
        fill2("t", r, 701, 50, 13); // new rows land in the slots deletes freed or in new chunks
        String sql = "select rowid, distance from t where e match ? and k = ?";
        for (long k : new long[] {1, 2, 5, 17, 100, 650, 4096}) {
            float[] q = vectors(r, 1, 13).get(0);
            assertSame(sql, List.of(Vec0Fixture.blob(q), k));
            assertSame(sql + " order by distance", List.of(Vec0Fixture.blob(q), k));
        }
    }

    private void fill2(String table, Random r, int firstRowid, int n, int dims) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        List<float[]> vs = vectors(r, n, dims);
        for (int i = 0; i < n; i++) {
            rows.add(new Object[] {(long) (firstRowid + i), Vec0Fixture.blob(vs.get(i))});
        }
        db.load("insert into " + table + "(rowid, e) values (?, ?)", rows);
    }

    @Test
    void cosineMatchesVec0AcrossChunkSizes() throws SQLException {
        open(kernel());
        Random r = new Random(7);
        for (int chunk : new int[] {8, 64, 1024}) {
            String t = "c" + chunk;
            db.exec("create virtual table " + t + " using vec0(e float[24] distance_metric=cosine, chunk_size=" + chunk + ")");
            fill(t, r, 900, 24, 0);
            db.exec("delete from " + t + " where rowid % 5 = 1");
            String sql = "select distance, rowid from " + t + " where e match ? and k = ?";
            for (long k : new long[] {1, 10, 300, 4096}) {
                assertSame(sql, List.of(Vec0Fixture.blob(vectors(r, 1, 24).get(0)), k));
            }
        }
    }

    @Test
    void partitionKeysSelectTheSameChunksAsVec0() throws SQLException {
        open(kernel());
        Random r = new Random(3);
        db.exec("create virtual table t using vec0(p integer partition key, e float[8], chunk_size=8)");
        fill("t", r, 600, 8, 4);
        db.exec("delete from t where rowid % 3 = 0");
        String sql = "select rowid, distance from t where e match ? and p = ? and k = ?";
        for (long p = 0; p < 5; p++) {
            for (long k : new long[] {1, 7, 200}) {
                List<Object> params = new ArrayList<>(List.of(Vec0Fixture.blob(vectors(r, 1, 8).get(0)), p, k));
                assertSame(sql, params);
            }
        }
    }

    /**
     * Rows that are permutations of one vector, queried with a constant vector: their exact
     * distances are all equal, but sums in different orders round differently, so vec0's ranking
     * is decided by rounding alone. Only a sound error bound (every row that could be in the top k
     * recomputed exactly) gives vec0's answer.
     */
    @Test
    void nearTiesDecidedByRoundingMatchVec0() throws SQLException {
        open(kernel());
        Random r = new Random(11);
        int dims = 96;
        float[] base = new float[dims];
        for (int d = 0; d < dims; d++) {
            base[d] = (float) r.nextGaussian() * 1000;
        }
        db.exec("create virtual table l using vec0(e float[96], chunk_size=32)");
        db.exec("create virtual table c using vec0(e float[96] distance_metric=cosine, chunk_size=32)");
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            float[] v = base.clone();
            for (int d = dims - 1; d > 0; d--) {
                int j = r.nextInt(d + 1);
                float t = v[d];
                v[d] = v[j];
                v[j] = t;
            }
            rows.add(new Object[] {(long) (i + 1), Vec0Fixture.blob(v)});
        }
        db.load("insert into l(rowid, e) values (?, ?)", rows);
        db.load("insert into c(rowid, e) values (?, ?)", rows);
        float[] q = new float[dims];
        java.util.Arrays.fill(q, 3.25f);
        for (long k : new long[] {1, 3, 50, 1000}) {
            assertSame("select rowid, distance from l where e match ? and k = ?", List.of(Vec0Fixture.blob(q), k));
            assertSame("select rowid, distance from c where e match ? and k = ?", List.of(Vec0Fixture.blob(q), k));
        }
        Result all = db.vec0("select distance from l where e match ? and k = 1500", List.of(Vec0Fixture.blob(q)));
        assertThat(all.rows().stream().map(row -> row.get(0)).distinct().count())
                .as("the data really has distances that differ by rounding only").isGreaterThan(1);
    }

    @Test
    void eachVectorColumnReadsItsOwnChunksAndTextPartitionKeysWork() throws SQLException {
        open(kernel());
        Random r = new Random(21);
        db.exec("create virtual table t using vec0(tenant text partition key, a float[4], "
                + "b float[6] distance_metric=cosine, chunk_size=8)");
        List<Object[]> rows = new ArrayList<>();
        List<float[]> as = vectors(r, 300, 4);
        List<float[]> bs = vectors(r, 300, 6);
        for (int i = 0; i < 300; i++) {
            rows.add(new Object[] {(long) (i + 1), i % 3 == 0 ? "acme" : "zenith", Vec0Fixture.blob(as.get(i)),
                Vec0Fixture.blob(bs.get(i))});
        }
        db.load("insert into t(rowid, tenant, a, b) values (?, ?, ?, ?)", rows);
        for (String tenant : List.of("acme", "zenith", "nobody")) {
            for (long k : new long[] {1, 9, 300}) {
                assertSame("select rowid, distance from t where a match ? and tenant = ? and k = ?",
                        List.of(Vec0Fixture.blob(vectors(r, 1, 4).get(0)), tenant, k));
                assertSame("select rowid, distance from t where tenant = ? and b match ? and k = ?",
                        List.of(tenant, Vec0Fixture.blob(vectors(r, 1, 6).get(0)), k));
            }
        }
        assertSame("select rowid, distance from t where b match ? and k = ?",
                List.of(Vec0Fixture.blob(vectors(r, 1, 6).get(0)), 50L));
    }

    @Test
    void aStopBetweenChunksEndsTheScanAsAnInterruptAndLeavesNoTransactionOpen() throws SQLException {
        open(kernel());
        db.exec("create virtual table t using vec0(e float[4], chunk_size=8)");
        fill("t", new Random(5), 100, 4, 0);
        String sql = "select rowid, distance from t where e match ? and k = ?";
        List<Object> params = List.of(Vec0Fixture.blob(1, 2, 3, 4), 5L);
        int[] checks = {0};
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> db.fast.query(
                        new io.vecbox.protocol.Query(1, sql, params, 0, 0, 0), System.nanoTime(), () -> {
                            if (++checks[0] == 3) {
                                throw new org.sqlite.SQLiteException("stop", org.sqlite.SQLiteErrorCode.SQLITE_INTERRUPT);
                            }
                        }))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(SqlSession.sqliteCode(e)).isEqualTo(9));
        assertThat(checks[0]).as("asked once per chunk until it stopped").isEqualTo(3);
        assertThat(db.probe.begin()).as("back in autocommit: the scan's transaction ended").isTrue();
        assertThat(db.probe.commit()).isTrue();
        assertSame(sql, params);
    }

    @Test
    void anEmptyTableAnswersNoRows() throws SQLException {
        open(kernel());
        db.exec("create virtual table t using vec0(e float[4])");
        assertSame("select rowid, distance from t where e match ? and k = ?",
                List.of(Vec0Fixture.blob(1, 2, 3, 4), 10L));
        assertThat(db.fast("select rowid, distance from t where e match ? and k = ?",
                List.of(Vec0Fixture.blob(1, 2, 3, 4), 10L), 0, 0).rows()).isEmpty();
    }

    @Test
    void declinesWhatItDoesNotAnswerExactly() throws SQLException {
        open(kernel());
        db.exec("create virtual table l1 using vec0(e float[4] distance_metric=l1)");
        db.exec("create virtual table i8 using vec0(e int8[4])");
        db.exec("create virtual table meta using vec0(e float[4], genre text)");
        db.exec("create virtual table aux using vec0(e float[4], +body text)");
        db.exec("create virtual table t using vec0(e float[4])");
        byte[] q = Vec0Fixture.blob(1, 0, 0, 0);
        for (String table : List.of("l1", "i8", "meta", "aux")) {
            assertThat(db.fast("select rowid, distance from " + table + " where e match ? and k = ?", List.of(q, 3L), 0, 0))
                    .as(table).isNull();
        }
        assertThat(db.fast("select rowid, distance from t where e match ? and k = ?", List.of(q, 4097L), 0, 0))
                .as("k past vec0's cap: vec0 reports its own error").isNull();
        assertThat(db.fast("select rowid, distance from t where e match ? and k = ?", List.of(q, 0L), 0, 0)).isNull();
        assertThat(db.fast("select rowid, distance from t where e match ? limit 3", List.of(q), 0, 0)).isNull();
        assertThat(db.fast("select rowid, distance from t where e match ? and k = ?", List.of("[1,0,0,0]", 3L), 0, 0))
                .as("a JSON vector").isNull();
        assertThat(db.fast("select rowid, distance from t where e match ? and k = ?",
                List.of(Vec0Fixture.blob(1, 0, 0), 3L), 0, 0)).as("wrong dimensions: vec0's error").isNull();
        assertThat(db.fast("select rowid, distance from t where e match ? and k = ?",
                List.of(Vec0Fixture.blob(Float.NaN, 0, 0, 0), 3L), 0, 0)).as("NaN").isNull();
        assertThat(db.fast("select rowid from t where e match ? and k = ?", List.of(q, 3L), 0, 2))
                .as("a part needs the distance column").isNull();
        assertThat(db.fast("select rowid, distance from t where e match ? and k = 3 and rowid > 2", List.of(q), 0, 0))
                .isNull();
        db.exec("create virtual table cz using vec0(e float[4] distance_metric=cosine)");
        db.load("insert into cz(rowid, e) values (?, ?)", List.<Object[]>of(new Object[] {1L, Vec0Fixture.blob(1, 0, 0, 0)},
                new Object[] {2L, Vec0Fixture.blob(0, 0, 0, 0)}));
        assertThat(db.fast("select rowid, distance from cz where e match ? and k = 2", List.of(q), 0, 0))
                .as("a stored zero vector: vec0's cosine is NaN there").isNull();
        db.exec("create virtual table big using vec0(e float[4])");
        db.load("insert into big(rowid, e) values (?, ?)", List.<Object[]>of(
                new Object[] {1L, Vec0Fixture.blob(3e38f, 3e38f, 0, 0)}));
        assertThat(db.fast("select rowid, distance from big where e match ? and k = 1", List.of(q), 0, 0))
                .as("sums near float overflow").isNull();
    }
}
