package io.vecbox.cli;

import io.vecbox.supervisor.QueryResult;
import io.vecbox.supervisor.Row;
import io.vecbox.supervisor.WorkerPool;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Sections 2 and 3 of the demo: bulk load and concurrent KNN queries. */
final class DemoLoad {
    private DemoLoad() {
    }

    static void load(WorkerPool pool, PrintStream out, int rows, int dim, int batch, long seed) {
        String title = String.format("2. Load %,d random vectors (float[%d], seed %d)", rows, dim, seed);
        out.println();
        out.println("== " + title);
        out.printf("   executeMany on the writer, %s per transaction%n", Plural.count(batch, "row"));
        pool.execute("create virtual table items using vec0(embedding float[" + dim + "])");
        long t0 = System.nanoTime();
        Progress progress = new Progress("loading", rows, System.err);
        String insert = "insert into items(rowid, embedding) values (?, ?)";
        List<Object[]> pending = new ArrayList<>(batch);
        int batches = 0;
        for (long id = 1; id <= rows; id++) {
            pending.add(new Object[] {id, DemoData.vector(seed, id, dim)});
            if (pending.size() == batch || id == rows) {
                pool.executeMany(insert, pending);
                batches++;
                pending.clear();
                progress.update(id, id);
            }
        }
        progress.finish(rows, rows);
        double seconds = (System.nanoTime() - t0) / 1e9;
        out.printf("loaded     %s in %.1f s (%,.0f rows/s), %s%n", Plural.count(rows, "row"), seconds, rows / seconds,
                Plural.count(batches, "transaction"));
    }

    static void knn(DemoCommand demo, WorkerPool pool, PrintStream out, int rows, int dim, int queries, int threads,
                    long seed) throws Exception {
        demo.section(String.format("3. KNN search: %s from %s, k = 10", Plural.count(queries, "query"),
                Plural.count(threads, "thread")),
                "each query vector is a stored item, so the right answer is that item at distance 0");
        long[] latencies = new long[queries];
        long[] ids = new long[queries];
        QueryResult[] results = new QueryResult[queries];
        AtomicInteger next = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "demo-knn");
            t.setDaemon(true);
            return t;
        });
        long t0 = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(executor.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < queries) {
                        long id = 1 + Math.floorMod((seed + i) * 2654435761L, rows);
                        float[] v = DemoData.vector(seed, id, dim);
                        long start = System.nanoTime();
                        results[i] = pool.query(DemoCommand.KNN, v);
                        latencies[i] = System.nanoTime() - start;
                        ids[i] = id;
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            executor.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        int correct = 0;
        for (int i = 0; i < queries; i++) {
            Row top = results[i].rows().isEmpty() ? null : results[i].rows().get(0);
            if (top != null && results[i].size() == 10 && top.getLong(0) == ids[i] && top.getDouble(1) < 1e-4) {
                correct++;
            }
        }
        for (int i = 0; i < Math.min(3, queries); i++) {
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < Math.min(4, results[i].size()); j++) {
                Row r = results[i].rows().get(j);
                sb.append(j == 0 ? "" : ", ").append(String.format("%,d (%.3f)", r.getLong(0), r.getDouble(1)));
            }
            out.printf("item %,6d -> %s, ...%n", ids[i], sb);
        }
        long[] sorted = DemoData.sorted(latencies);
        out.printf("latency    p50 %.2f ms, p95 %.2f ms, p99 %.2f ms; %,.0f queries/s over %d reader%s%n",
                DemoData.percentileMillis(sorted, 50), DemoData.percentileMillis(sorted, 95),
                DemoData.percentileMillis(sorted, 99), queries / seconds, pool.config().readers(),
                pool.config().readers() == 1 ? "" : "s");
        out.printf("correct    %d of %d found their own item first%n", correct, queries);
        if (correct == queries) {
            demo.pass("knn correct");
        } else {
            demo.fail((queries - correct) + " of " + queries + " KNN queries did not find their own item first");
        }
    }
}
