package io.vecbox.bench;

import io.vecbox.supervisor.PoolStats;
import io.vecbox.supervisor.WorkerPool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConnection;

/**
 * How KNN scales with the pool's readers and the table's size: for each row count (10,000, and
 * 100,000 in a full run; 1,000,000 with {@code --rows-1m}) and a pool of one reader and one of
 * two, the single-client p50 and the two-client throughput of {@link KnnCases}, each against
 * in-process sqlite-vec on the same file in the same rounds. With two idle readers a pool splits
 * one query between them ({@code scatterKnn}, on by default); a note after each pool says how many
 * queries it split and how many it ran whole after trying, so that a row is never read as the
 * split's number when no query was split. Its readers run as the fast-path case's
 * ({@link KnnCases#FAST_PATH_JVM_OPTIONS}, {@link KnnCases#FAST_PATH_CACHE_BYTES}): the readers' KNN
 * fast path, which answers the parts, needs HotSpot's optimising compiler.
 */
final class KnnScaling {
    private static final int[] READERS = {1, 2};

    private final Sizes sizes;
    private final Path dir;
    private final Path mainDb;
    private final boolean quick;
    private final boolean rows1m;
    private final Report report;

    /**
     * @param mainDb the side-by-side database, holding {@code sizes.rows()} vectors already
     * @param quick only the smallest table
     * @param rows1m also a table of 1,000,000 vectors (a long load the first time)
     */
    KnnScaling(Sizes sizes, Path dir, Path mainDb, boolean quick, boolean rows1m, Report report) {
        this.sizes = sizes;
        this.dir = dir;
        this.mainDb = mainDb;
        this.quick = quick;
        this.rows1m = rows1m;
        this.report = report;
    }

    List<Integer> rowCounts() {
        List<Integer> counts = new ArrayList<>(List.of(10_000));
        if (!quick) {
            counts.add(100_000);
        }
        if (rows1m) {
            counts.add(1_000_000);
        }
        return counts;
    }

    void run() throws Exception {
        for (int rows : rowCounts()) {
            Path db = rows == sizes.rows() ? mainDb : dir.resolve("knn-" + rows + ".db");
            try (SQLiteConnection conn = InProcess.open(db)) {
                long t0 = System.nanoTime();
                boolean loaded = BenchData.prepare(conn, rows);
                Main.progress(loaded ? "loaded " + rows + " vectors in " + Format.duration(System.nanoTime() - t0)
                        : "reusing the " + rows + " vectors in " + db);
                KnnCases knn = new KnnCases(sizes, db, rows, report);
                for (int readers : READERS) {
                    String label = readers + (readers == 1 ? " reader" : " readers");
                    Main.progress("KNN scaling: " + rows + " vectors, " + label);
                    try (WorkerPool pool = WorkerPool.builder().name("bench-knn-" + readers).database(db)
                            .readers(readers).jvmOptions(KnnCases.FAST_PATH_JVM_OPTIONS)
                            .knnCacheBytes(KnnCases.FAST_PATH_CACHE_BYTES).build()) {
                        knn.single(conn, pool, ", " + label);
                        knn.throughput(pool, label, "–");
                        PoolStats s = pool.stats();
                        report.note(String.format("KNN over %,d vectors, %s: %,d queries split across readers and "
                                + "merged, %,d split and then run whole (a reader could not split them, or a write ran)", rows, label,
                                s.scatteredQueries(), s.scatterFallbacks()));
                    }
                }
            }
        }
    }
}
