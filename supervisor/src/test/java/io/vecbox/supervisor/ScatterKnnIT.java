package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plain KNN query split across readers ({@code scatterKnn}, on by default): whatever the
 * readers do with a part (answer it, or answer {@code NOT_SHARDABLE} so that it runs whole), the
 * caller gets exactly vec0's rows, in vec0's order, never rows of two states of the table, and a
 * reader lost under a part costs nothing but a retry. Expected answers are vec0's, computed
 * in-process on the file after the pool closed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScatterKnnIT {
    private static final int DIMENSIONS = 4;

    @TempDir
    Path dir;

    /**
     * Workers with HotSpot's optimising compiler, which a reader's KNN fast path (the one that
     * answers parts) asks for; the pool's default workers stop at C1.
     */
    private WorkerPool.Builder builder(String name) {
        return Pools.builder(dir, name).jvmOptions(List.of(Pools.FAULTS, "-XX:TieredStopAtLevel=4",
                "-XX:CICompilerCount=2"));
    }

    static byte[] vector(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    /** 200 rows over many 8-row chunks, with coordinates from a small set: many equal distances. */
    private static void load(WorkerPool pool) {
        pool.execute("create virtual table items using vec0(category text partition key, embedding float["
                + DIMENSIONS + "], chunk_size=8)");
        List<Object[]> rows = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            rows.add(new Object[] {(long) i, i % 3 == 0 ? "books" : "films",
                    vector(i % 4, (i * 7) % 3, 1, (i % 5) / 2f)});
        }
        pool.executeMany("insert into items(rowid, category, embedding) values (?, ?, ?)", rows);
    }

    private static List<List<Object>> values(QueryResult r) {
        List<List<Object>> out = new ArrayList<>();
        for (Row row : r.rows()) {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                values.add(row.get(i));
            }
            out.add(values);
        }
        return out;
    }

    private record Asked(String sql, Object[] params, List<List<Object>> rows) {
    }

    @Test
    void everyShapeAnswersExactlyWhatVec0Answers() throws Exception {
        Path db = dir.resolve("shapes.db");
        byte[] q = vector(1, 1, 1, 0.5f);
        List<Asked> asked = new ArrayList<>();
        long tried;
        try (WorkerPool pool = builder("shapes").readers(3).build()) {
            load(pool);
            Object[][] cases = {
                {"select rowid, distance from items where embedding match ? and k = ?", q, 10L},
                {"select rowid, distance from items where embedding match ? and k = ? order by distance", q, 37L},
                {"select distance, rowid from items where k = ? and embedding match ?", 25L, q},
                {"select distance from items where embedding match ? and k = 200", q},
                {"select rowid, distance from items where embedding match ? and k = 500", q},
                {"select rowid, distance from items where embedding match ? and k = ? and category = ?", q, 12L, "books"},
                {"select rowid, distance from items where embedding match ? and k = 1", vector(3, 0, 1, 1)},
                {"select rowid, distance from items where embedding match ? and k = ?", vector(9, 9, 9, 9), 3L},
            };
            for (Object[] c : cases) {
                Object[] params = java.util.Arrays.copyOfRange(c, 1, c.length);
                for (int i = 0; i < 2; i++) { // the second run: after the pool learnt what a reader answered
                    asked.add(new Asked((String) c[0], params, values(pool.query((String) c[0], params))));
                }
            }
            String named = "select rowid, distance from items where embedding match :q and k = :k and category = :c";
            Map<String, Object> byName = new LinkedHashMap<>();
            byName.put("q", q);
            byName.put("k", 9);
            byName.put("c", "films");
            asked.add(new Asked(named, new Object[] {q, 9L, "films"}, values(pool.query(named, byName))));
            PoolStats stats = pool.stats();
            assertThat(stats.failed()).isZero();
            tried = stats.scatteredQueries() + stats.scatterFallbacks();
            assertThat(stats.scatteredQueries()).as("readers with the fast path answered parts").isPositive();
        }
        long texts = asked.stream().map(Asked::sql).distinct().count();
        assertThat(tried).as("each text was split at least once (answered in parts, or run whole after)")
                .isGreaterThanOrEqualTo(texts);
        for (Asked a : asked) {
            assertThat(a.rows()).as(a.sql()).isEqualTo(DbFile.rows(db, a.sql(), a.params()));
        }
    }

    /** A result past maxRows is what a whole query's is: an exception, or (truncateResults) vec0's first rows. */
    @Test
    void maxRowsCutsASplitQueryAsAWholeOne() throws Exception {
        Path db = dir.resolve("capped.db");
        String knn = "select rowid, distance from items where embedding match ? and k = ?";
        byte[] q = vector(1, 2, 1, 0);
        QueryResult cut;
        try (WorkerPool strict = builder("capped").readers(2).maxRows(5).build()) {
            load(strict);
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> strict.query(knn, q, 10L)))
                    .isInstanceOf(ResultTooLargeException.class);
            assertThat(strict.query(knn, q, 5L).size()).as("exactly maxRows rows is no cut").isEqualTo(5);
        }
        try (WorkerPool lenient = builder("capped").readers(2).maxRows(5).truncateResults(true).build()) {
            cut = lenient.query(knn + " order by distance", q, 10L);
        }
        assertThat(cut.truncated()).isTrue();
        assertThat(values(cut)).isEqualTo(DbFile.rows(db, knn + " order by distance", q, 10L).subList(0, 5));
    }

    @Test
    void withScatterOffNothingIsSplit() {
        try (WorkerPool pool = builder("off").readers(2).scatterKnn(false).build()) {
            load(pool);
            QueryResult r = pool.query("select rowid, distance from items where embedding match ? and k = 5",
                    (Object) vector(1, 1, 1, 1));
            assertThat(r.size()).isEqualTo(5);
            assertThat(pool.stats().scatteredQueries() + pool.stats().scatterFallbacks()).isZero();
        }
    }

    /**
     * Each write replaces every row's vector in one transaction with one at distance
     * {@code generation + rowid / 100} from the query: every row of one state has the same whole part
     * of its distance. Rows of two states in one answer would show two.
     */
    @Test
    void aQueryUnderConcurrentWritesNeverMixesTwoStates() throws Exception {
        int rows = 64;
        String knn = "select rowid, distance from items where embedding match ? and k = ?";
        byte[] origin = vector(0, 1, 1, 1);
        AtomicReference<Throwable> writerFailed = new AtomicReference<>();
        AtomicLong generations = new AtomicLong();
        try (WorkerPool pool = builder("mixed").readers(3).build()) {
            pool.execute("create virtual table items using vec0(embedding float[" + DIMENSIONS + "], chunk_size=8)");
            write(pool, rows, 1);
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                try {
                    for (int g = 2; !stop.get() && g < 5000; g++) {
                        write(pool, rows, g);
                        generations.set(g);
                    }
                } catch (Throwable t) {
                    writerFailed.set(t);
                }
            }, "scatter-it-writer");
            writer.start();
            try {
                for (int i = 0; i < 300; i++) {
                    assertOneState(pool.query(knn, origin, (long) rows), rows, "query " + i);
                }
            } finally {
                stop.set(true);
                writer.join();
            }
            assertThat(writerFailed.get()).isNull();
            assertThat(generations.get()).as("the writer wrote while the reads ran").isGreaterThan(2);
            assertThat(pool.stats().failed()).isZero();
        }
    }

    /**
     * The write starts the moment the query's parts were handed to the readers (the query is
     * split: no write was running), so it races the parts: it commits before, between or after
     * their read snapshots. The pool must notice and run the query whole whenever it may have
     * landed between them.
     */
    @Test
    void aWriteStartedRightAfterTheQueryWasSplitNeverMixesTwoStates() throws Exception {
        int rows = 64;
        String knn = "select rowid, distance from items where embedding match ? and k = ?";
        byte[] origin = vector(0, 1, 1, 1);
        Semaphore go = new Semaphore(0);
        Semaphore written = new Semaphore(0);
        AtomicReference<Throwable> writerFailed = new AtomicReference<>();
        try (WorkerPool pool = builder("raced").readers(2).build()) {
            pool.execute("create virtual table items using vec0(embedding float[" + DIMENSIONS + "], chunk_size=8)");
            write(pool, rows, 1);
            int queries = 200;
            Thread writer = new Thread(() -> {
                try {
                    for (int g = 2; g < queries + 2; g++) {
                        go.acquire();
                        write(pool, rows, g);
                        written.release();
                    }
                } catch (Throwable t) {
                    writerFailed.set(t);
                    written.release(queries);
                }
            }, "scatter-it-racer");
            writer.start();
            for (int i = 0; i < queries; i++) {
                // A text of its own each time (trailing spaces): a reader's NOT_SHARDABLE for one keeps
                // only that text whole for a while, so every iteration is split if the readers can.
                CompletableFuture<QueryResult> f = pool.queryAsync(knn + " ".repeat(i), origin, (long) rows);
                go.release();
                assertOneState(f.get(60, TimeUnit.SECONDS), rows, "query " + i);
                assertThat(written.tryAcquire(60, TimeUnit.SECONDS)).isTrue();
            }
            writer.join();
            assertThat(writerFailed.get()).isNull();
            assertThat(pool.stats().failed()).isZero();
            assertThat(pool.stats().scatteredQueries() + pool.stats().scatterFallbacks()).as("queries were split")
                    .isPositive();
        }
    }

    /** Every row at distance {@code generation + rowid / 100}, all of one generation. */
    private static void assertOneState(QueryResult r, int rows, String what) {
        assertThat(r.size()).as(what).isEqualTo(rows);
        long generation = (long) r.rows().get(0).getDouble(1);
        for (Row row : r.rows()) {
            assertThat((long) row.getDouble(1)).as("%s, rowid %d: one state", what, row.getLong(0))
                    .isEqualTo(generation);
            assertThat(row.getDouble(1) - generation).as(what).isEqualTo(row.getLong(0) / 100.0,
                    org.assertj.core.data.Offset.offset(1e-3));
        }
    }

    private static void write(WorkerPool pool, int rows, int generation) {
        List<Statement> batch = new ArrayList<>();
        batch.add(Statement.of("delete from items"));
        for (int i = 1; i <= rows; i++) {
            batch.add(Statement.of("insert into items(rowid, embedding) values (?, ?)", (long) i,
                    vector(generation + i / 100f, 1, 1, 1)));
        }
        pool.executeBatch(batch);
    }

    /**
     * A reader SIGKILLed while it holds a part: frozen first (SIGSTOP), so that the part surely
     * waits on it, then killed. The query still answers vec0's rows, like a read whose reader is lost.
     */
    @Test
    void aReaderKilledUnderAPartCostsOnlyARetry() throws Exception {
        Path db = dir.resolve("killed.db");
        String knn = "select rowid, distance from items where embedding match ? and k = ? order by distance";
        byte[] q = vector(2, 1, 1, 1);
        PoolEvents events = new PoolEvents();
        List<List<Object>> answer;
        try (WorkerPool pool = builder("killed").readers(2).listener(events).build()) {
            load(pool);
            long pid = pool.workers().get(1).pid();
            signal(pid, "STOP");
            CompletableFuture<QueryResult> f;
            try {
                f = pool.queryAsync(knn, q, 30L);
                assertThat(pool.workers().get(1).state()).as("the frozen reader holds a part").isEqualTo("BUSY");
            } finally {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            events.await("lost worker-1#1");
            QueryResult r = f.get(60, TimeUnit.SECONDS);
            answer = values(r);
            assertThat(pool.stats().scatteredQueries()).as("answered in parts").isEqualTo(1);
            assertThat(r.worker()).as("both parts answered by the reader left").isEqualTo("worker-2#1+worker-2#1");
            assertThat(pool.stats().failed()).isZero();
        }
        assertThat(answer).hasSize(30).isEqualTo(DbFile.rows(db, knn, q, 30L));
    }

    private static void signal(long pid, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -%s %d", signal, pid).isZero();
    }
}
