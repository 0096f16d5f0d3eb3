package io.vecbox.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vecbox.protocol.Configure;
import io.vecbox.protocol.Role;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code configure.knnWarmUp}: a reader opened the way the handshake opens it fills its KNN cache
 * before any query, with what the first KNN query on each vector column would have loaded, and a
 * database it cannot warm up does not stop it from starting.
 */
class KnnWarmUpTest {
    @TempDir
    Path dir;
    private Vec0Fixture db;
    private SqlSession session;

    @BeforeEach
    void needsTheFastPath() {
        assumeTrue(KnnKernel.best() != null, "the fast path needs C2, which this test JVM lacks");
    }

    @AfterEach
    void close() throws SQLException {
        if (session != null) {
            session.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private static byte[] random(Random r, int dims) {
        float[] v = new float[dims];
        for (int d = 0; d < dims; d++) {
            v[d] = r.nextInt(5) - 2 + 0.5f;
        }
        return Vec0Fixture.blob(v);
    }

    private void fill(String sql, int n, int... dims) throws SQLException {
        Random r = new Random(n);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            Object[] row = new Object[dims.length + 1];
            row[0] = (long) i;
            for (int c = 0; c < dims.length; c++) {
                row[c + 1] = random(r, dims[c]);
            }
            rows.add(row);
        }
        db.load(sql, rows);
    }

    /** Opens a reader session as {@link Handshake} does before it answers ready. */
    private SqlSession start(Configure config) throws SQLException {
        SqlSession s = SqlSession.open(config, false, new ByteArrayOutputStream());
        s.ready(ProcessHandle.current().pid());
        return s;
    }

    private Configure reader(String file, boolean warmUp) {
        return WorkerProcess.config(Role.READER, dir.resolve(file)).withKnnWarmUp(warmUp);
    }

    @Test
    void aWarmReaderHoldsEveryServedColumnsChunksBeforeAnyQuery() throws SQLException {
        db = new Vec0Fixture(dir.resolve("w.db"), new ScalarKernel());
        db.exec("create virtual table t using vec0(e float[16], chunk_size=32)");
        db.exec("create virtual table u using vec0(a float[8] distance_metric=cosine, b f32[4], chunk_size=16)");
        fill("insert into t(rowid, e) values (?, ?)", 500, 16);
        fill("insert into u(rowid, a, b) values (?, ?, ?)", 100, 8, 4);

        session = start(reader("w.db", true));
        long warm = session.knnCache().usedBytes();

        byte[] q = random(new Random(9), 16);
        assertThat(db.fast("select rowid, distance from t where e match ? and k = ?", List.of(q, 3L), 0, 0))
                .as("the fast path answers t").isNotNull();
        assertThat(db.fast("select rowid from u where a match ? and k = ?", List.of(random(new Random(8), 8), 2L), 0, 0))
                .as("the fast path answers u.a").isNotNull();
        assertThat(db.fast("select rowid from u where b match ? and k = ?", List.of(random(new Random(7), 4), 2L), 0, 0))
                .as("the fast path answers u.b").isNotNull();
        long loadedByQueries = db.fast.cache().usedBytes();
        assertThat(warm).as("cached at start, before any query").isPositive()
                .as("what one KNN query per vector column loads").isEqualTo(loadedByQueries);
    }

    @Test
    void withoutWarmUpTheCacheStartsEmpty() throws SQLException {
        db = new Vec0Fixture(dir.resolve("c.db"), new ScalarKernel());
        db.exec("create virtual table t using vec0(e float[16], chunk_size=32)");
        fill("insert into t(rowid, e) values (?, ?)", 200, 16);

        session = start(reader("c.db", false));
        assertThat(session.knnCache().usedBytes()).isZero();
    }

    @Test
    void aColumnLargerThanWhatIsLeftIsSkippedAndTheRestCached() throws SQLException {
        db = new Vec0Fixture(dir.resolve("l.db"), new ScalarKernel());
        db.exec("create virtual table big using vec0(e float[16], chunk_size=32)");
        db.exec("create virtual table small using vec0(e float[16], chunk_size=32)");
        fill("insert into big(rowid, e) values (?, ?)", 500, 16);
        fill("insert into small(rowid, e) values (?, ?)", 20, 16);
        long chunk = KnnCache.Chunk.bytes(32, 16);

        session = start(reader("l.db", true).withKnnCacheBytes(3 * chunk));
        assertThat(session.knnCache().usedBytes()).as("small's one chunk; big's 16 do not fit").isEqualTo(chunk);
    }

    @Test
    void partitionedAndPlainTablesAreSkippedAndTheReaderStarts() throws SQLException {
        db = new Vec0Fixture(dir.resolve("p.db"), new ScalarKernel());
        db.exec("create table plain(x integer, y text)");
        db.exec("insert into plain values (1, 'a')");
        db.exec("create virtual table p using vec0(user integer partition key, e float[16], chunk_size=32)");
        Random r = new Random(4);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            rows.add(new Object[] {(long) i, (long) (i % 3), random(r, 16)});
        }
        db.load("insert into p(rowid, user, e) values (?, ?, ?)", rows);

        session = start(reader("p.db", true));
        assertThat(session.knnCache().usedBytes()).as("nothing the warm-up serves").isZero();
    }

    @Test
    void aDatabaseWithoutVec0TablesStarts() throws SQLException {
        db = new Vec0Fixture(dir.resolve("n.db"), new ScalarKernel());
        db.exec("create table plain(x integer)");

        session = start(reader("n.db", true));
        assertThat(session.knnCache().usedBytes()).isZero();
    }

    @Test
    void aVec0TableWhoseStorageCannotBeReadDoesNotFailTheStart() throws SQLException {
        db = new Vec0Fixture(dir.resolve("b.db"), new ScalarKernel());
        db.exec("create virtual table a using vec0(e float[16], chunk_size=32)");
        fill("insert into a(rowid, e) values (?, ?)", 50, 16);
        db.exec("create virtual table t using vec0(e float[16], chunk_size=32)");
        fill("insert into t(rowid, e) values (?, ?)", 50, 16);
        db.exec("drop table t_vector_chunks00");

        session = start(reader("b.db", true));
        assertThat(session.knnCache().usedBytes()).as("the reader starts cold, a's chunks dropped too").isZero();
        byte[] q = random(new Random(5), 16);
        assertThat(session.handle(new io.vecbox.protocol.Query(1, "select rowid from a where e match ? and k = ?",
                List.of(q, 2L), 0, 0, 0))).as("and answers queries")
                .isInstanceOf(io.vecbox.protocol.Result.class);
    }
}
