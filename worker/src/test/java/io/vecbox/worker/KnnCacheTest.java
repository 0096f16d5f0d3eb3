package io.vecbox.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.vecbox.protocol.Result;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The KNN chunk cache: bounded, and never serving a chunk from another state of the database. */
class KnnCacheTest {
    private static final String KNN = "select rowid, distance from t where e match ? and k = ?";

    @TempDir
    Path dir;
    private Vec0Fixture db;

    @AfterEach
    void close() throws SQLException {
        if (db != null) {
            db.close();
        }
    }

    private static byte[] random(Random r) {
        float[] v = new float[16];
        for (int d = 0; d < 16; d++) {
            v[d] = r.nextInt(5) - 2;
        }
        return Vec0Fixture.blob(v);
    }

    private void fill(Random r, int from, int n) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new Object[] {(long) (from + i), random(r)});
        }
        db.load("insert into t(rowid, e) values (?, ?)", rows);
    }

    @Test
    void aWriteCommittedAfterTheCacheFilledIsSeenByTheNextQuery() throws SQLException {
        db = new Vec0Fixture(dir.resolve("c.db"), new ScalarKernel());
        Random r = new Random(1);
        db.exec("create virtual table t using vec0(e float[16], chunk_size=32)");
        fill(r, 1, 500);
        byte[] q = random(r);
        assertThat(db.fast(KNN, List.of(q, 5L), 0, 0).rows()).isEqualTo(db.vec0(KNN, List.of(q, 5L)).rows());
        assertThat(db.fast.cache().usedBytes()).as("chunks kept").isGreaterThan(0);

        db.load("update t set e = ? where rowid = ?", List.<Object[]>of(new Object[] {q, 250L}));
        Result after = db.fast(KNN, List.of(q, 5L), 0, 0);
        assertThat(after.rows().get(0)).as("the updated vector, found in a chunk the cache held")
                .isEqualTo(List.of(250L, 0.0));
        assertThat(after.rows()).isEqualTo(db.vec0(KNN, List.of(q, 5L)).rows());
        db.exec("delete from t where rowid = 250");
        assertThat(db.fast(KNN, List.of(q, 5L), 0, 0).rows()).isEqualTo(db.vec0(KNN, List.of(q, 5L)).rows())
                .noneMatch(row -> row.get(0).equals(250L));
    }

    @Test
    void theCacheStopsGrowingAtItsLimitAndAQuarterOfTheHeap() {
        KnnCache small = new KnnCache(100_000, 1L << 30);
        assertThat(small.limitBytes()).isEqualTo(100_000);
        KnnCache capped = new KnnCache(1L << 40, 256L << 20);
        assertThat(capped.limitBytes()).as("a quarter of a 256 MiB heap").isEqualTo(64L << 20);
        small.validate(1);
        KnnCache.Chunk chunk = new KnnCache.Chunk(new byte[4], new byte[256], new float[10_000]);
        small.put("t", 0, 1, chunk);
        small.put("t", 0, 2, chunk);
        small.put("t", 0, 3, chunk);
        assertThat(small.get("t", 0, 1)).isSameAs(chunk);
        assertThat(small.get("t", 0, 3)).as("past the limit").isNull();
        assertThat(small.usedBytes()).isLessThanOrEqualTo(100_000);
        small.validate(2);
        assertThat(small.get("t", 0, 1)).as("another data_version: all gone").isNull();
        assertThat(new KnnCache(0, 1L << 30).enabled()).isFalse();
    }

    /**
     * A writer commits inserts, updates and deletes while the reader answers KNN queries; each
     * answer, taken inside a read transaction together with vec0's, must equal vec0's for that
     * same snapshot, however the cache was filled before.
     */
    @Test
    @Timeout(120)
    void underConcurrentWritesEachAnswerIsVec0sForItsSnapshot() throws Exception {
        db = new Vec0Fixture(dir.resolve("w.db"), new ScalarKernel());
        db.exec("create virtual table t using vec0(e float[16], chunk_size=16)");
        fill(new Random(2), 1, 400);
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> writerFailed = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            Random r = new Random(3);
            try {
                started.countDown();
                for (int i = 0; i < 300; i++) {
                    switch (i % 3) {
                        case 0 -> fill(r, 1000 + i, 3);
                        case 1 -> db.load("update t set e = ? where rowid = ?",
                                List.<Object[]>of(new Object[] {random(r), (long) (1 + r.nextInt(400))}));
                        default -> db.exec("delete from t where rowid = " + (1 + r.nextInt(400)));
                    }
                }
            } catch (Throwable t) {
                writerFailed.set(t);
            } finally {
                done.set(true);
            }
        }, "writer");
        writer.start();
        started.await();
        Random r = new Random(4);
        int compared = 0;
        while (!done.get() || compared < 20) {
            byte[] q = random(r);
            try (Statement s = db.reader.createStatement()) {
                s.execute("begin");
                try {
                    Result fast = db.fast(KNN, List.of(q, 10L), 0, 0);
                    assertThat(fast).isNotNull();
                    assertThat(fast.rows()).isEqualTo(db.vec0(KNN, List.of(q, 10L)).rows());
                } finally {
                    s.execute("commit");
                }
            }
            compared++;
        }
        writer.join();
        assertThat(writerFailed.get()).isNull();
        assertThat(compared).isGreaterThanOrEqualTo(20);
    }

    @Test
    void aScanWhoseChunksDoNotFitInTheCacheIsLeftToVec0() throws SQLException {
        long chunk = KnnCache.Chunk.bytes(32, 16); // 1 + 256 + 2,048 + 64 bytes
        db = new Vec0Fixture(dir.resolve("fit.db"), new ScalarKernel(), 2 * chunk + chunk / 2);
        Random r = new Random(3);
        db.exec("create virtual table t using vec0(e float[16], chunk_size=32)");
        fill(r, 1, 96); // three full chunks
        byte[] q = random(r);

        assertThat(db.fast(KNN, List.of(q, 5L), 0, 0)).as("three chunks, room for two: vec0 answers").isNull();
        assertThat(db.fast.cache().usedBytes()).isZero();
        Result first = db.fast(KNN, List.of(q, 5L), 0, 3);
        assertThat(first).as("one chunk fits").isNotNull();
        assertThat(db.fast.cache().usedBytes()).isEqualTo(chunk);
        assertThat(db.fast(KNN, List.of(q, 5L), 1, 3)).as("a second one fits").isNotNull();
        assertThat(db.fast(KNN, List.of(q, 5L), 2, 3)).as("a third does not").isNull();
        assertThat(db.fast(KNN, List.of(q, 5L), 0, 2)).as("chunks 0 and 1, both cached").isNotNull();
        assertThat(db.fast.cache().usedBytes()).isEqualTo(2 * chunk);
    }

    @Test
    void withoutACacheEveryScanIsLeftToVec0() throws SQLException {
        db = new Vec0Fixture(dir.resolve("none.db"), new ScalarKernel(), 0);
        Random r = new Random(4);
        db.exec("create virtual table t using vec0(e float[16], chunk_size=32)");
        fill(r, 1, 40);
        assertThat(db.fast(KNN, List.of(random(r), 5L), 0, 0)).isNull();
    }
}
