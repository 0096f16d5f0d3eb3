package io.vecbox.bench;

import io.vecbox.supervisor.QueryResult;
import io.vecbox.supervisor.WorkerPool;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.sqlite.SQLiteConnection;

/**
 * KNN k=10 over the {@code vecs} table (vec0's brute-force scan): one client's latency, and the
 * throughput of two client threads, each with its own connection in-process, against two
 * threads sharing a pool (of two readers in {@link SideBySide}; of one and of two in
 * {@link KnnScaling}). A pool with two idle readers splits the one client's query between them
 * ({@code scatterKnn}, on by default).
 */
final class KnnCases {
    private static final int CLIENTS = 2;
    /** Reader JVM options for the fast path (after the pool's defaults, so they win). */
    static final List<String> FAST_PATH_JVM_OPTIONS = List.of("-Xmx768m", "-XX:TieredStopAtLevel=4",
            "-XX:CICompilerCount=2", "--add-modules=jdk.incubator.vector");
    /** 192 MiB: 100,000 × float[384] is 154 MB of floats; a worker caches at most a quarter of its heap (768m). */
    static final long FAST_PATH_CACHE_BYTES = 192L << 20;

    private final Sizes sizes;
    private final Path db;
    private final int rows;
    private final Report report;
    private final List<float[]> queries = new ArrayList<>();

    /** @param rows vectors in the database's {@code vecs}, for the labels */
    KnnCases(Sizes sizes, Path db, int rows, Report report) {
        this.sizes = sizes;
        this.db = db;
        this.rows = rows;
        this.report = report;
        Random r = new Random(7);
        for (int i = 0; i < 64; i++) {
            queries.add(BenchData.vector(r));
        }
    }

    void single(SQLiteConnection conn, WorkerPool pool) throws SQLException {
        single(conn, pool, "");
    }

    /** @param where what the label adds about the pool, e.g. {@code ", 1 reader"} */
    void single(SQLiteConnection conn, WorkerPool pool, String where) throws SQLException {
        Samples in = new Samples();
        Samples viaPool = new Samples();
        int q = 0;
        try (PreparedStatement ps = conn.prepareStatement(BenchData.KNN_SQL)) {
            inProcess(ps, queries.get(0)); // warm up both sides
            viaPool(pool, queries.get(0));
            for (int round = 0; round < sizes.knnRounds(); round++) {
                int first = q;
                for (int i = 0; i < sizes.knnPerRound(); i++) {
                    long t0 = System.nanoTime();
                    inProcess(ps, queries.get(q++ % queries.size()));
                    in.add(System.nanoTime() - t0);
                }
                q = first; // the same vectors on both sides
                for (int i = 0; i < sizes.knnPerRound(); i++) {
                    long t0 = System.nanoTime();
                    viaPool(pool, queries.get(q++ % queries.size()));
                    viaPool.add(System.nanoTime() - t0);
                }
            }
        }
        long inP50 = in.summary().p50();
        long poolP50 = viaPool.summary().p50();
        String over = String.format("%,d", rows);
        report.row(new Report.Row("KNN k=10 over " + over + " × float[384], one client" + where + ", p50",
                Format.duration(inP50), Format.duration(poolP50), Format.ratio((double) poolP50 / inP50), "–"));
        report.detail("KNN k=10 over " + over + ", in-process" + where, in.summary());
        report.detail("KNN k=10 over " + over + ", pool" + where, viaPool.summary());
    }

    /**
     * The readers' KNN fast path, which needs C2 (the pool's default worker options stop at C1):
     * one reader started with C2, the Vector API module, a heap large enough to cache the whole
     * table's chunks, and {@code knnCacheBytes} raised to hold them. One client, p50, against the
     * same in-process vec0 scan; the first answer is checked row for row against vec0's.
     */
    void fastPath(SQLiteConnection conn) throws SQLException {
        try (WorkerPool fast = WorkerPool.builder().name("bench-knn-fast").database(db).readers(1)
                .jvmOptions(FAST_PATH_JVM_OPTIONS).knnCacheBytes(FAST_PATH_CACHE_BYTES).build();
             PreparedStatement ps = conn.prepareStatement(BenchData.KNN_SQL)) {
            checkSameRows(ps, fast, queries.get(0));
            for (int i = 0; i < 5; i++) {
                viaPool(fast, queries.get(i)); // fills the cache, lets C2 compile the loops
            }
            Samples in = new Samples();
            Samples viaPool = new Samples();
            int q = 0;
            for (int round = 0; round < sizes.knnRounds(); round++) {
                for (int i = 0; i < sizes.knnPerRound(); i++) { // interleaved: both sides see the same load
                    float[] v = queries.get(q++ % queries.size());
                    long t0 = System.nanoTime();
                    inProcess(ps, v);
                    long t1 = System.nanoTime();
                    viaPool(fast, v);
                    in.add(t1 - t0);
                    viaPool.add(System.nanoTime() - t1);
                }
            }
            long inP50 = in.summary().p50();
            long poolP50 = viaPool.summary().p50();
            report.row(new Report.Row("KNN k=10 over " + String.format("%,d", sizes.rows())
                    + " × float[384], reader fast path (C2, Vector API, chunks cached), one client, p50",
                    Format.duration(inP50), Format.duration(poolP50), Format.ratio((double) poolP50 / inP50), "< 1×"));
            report.detail("KNN k=10, in-process (vec0), beside the fast path", in.summary());
            report.detail("KNN k=10, pool reader fast path", viaPool.summary());
        }
    }

    private static void checkSameRows(PreparedStatement ps, WorkerPool pool, float[] v) throws SQLException {
        ps.setBytes(1, BenchData.blob(v));
        StringBuilder vec0 = new StringBuilder();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                vec0.append(rs.getLong(1)).append(':').append(rs.getDouble(2)).append(' ');
            }
        }
        StringBuilder fast = new StringBuilder();
        pool.query(BenchData.KNN_SQL, v).rows().forEach(row -> fast.append(row.getLong(0)).append(':')
                .append(row.getDouble(1)).append(' '));
        if (!vec0.toString().equals(fast.toString())) {
            throw new IllegalStateException("fast path answered " + fast + "where vec0 answered " + vec0);
        }
    }

    void throughput(WorkerPool pool) throws Exception {
        throughput(pool, CLIENTS + " readers", "≥ 1.60×");
    }

    /**
     * @param readers the pool's readers, for the label, e.g. {@code "1 reader"}
     * @param target the target column
     */
    void throughput(WorkerPool pool, String readers, String target) throws Exception {
        List<SQLiteConnection> conns = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                conns.add(InProcess.open(db));
            }
            Samples in = new Samples(); // queries per second, one sample per round
            Samples viaPool = new Samples();
            for (int round = 0; round < sizes.throughputRounds(); round++) {
                in.add(Math.round(run(client -> {
                    try (PreparedStatement ps = conns.get(client).prepareStatement(BenchData.KNN_SQL)) {
                        return loop(client, v -> inProcess(ps, v));
                    }
                }) * 1000));
                viaPool.add(Math.round(run(client -> loop(client, v -> viaPool(pool, v))) * 1000));
            }
            double inRate = in.summary().p50() / 1000.0;
            double poolRate = viaPool.summary().p50() / 1000.0;
            report.row(new Report.Row("KNN k=10 over " + String.format("%,d", rows) + " throughput, " + CLIENTS
                    + " in-process threads vs " + CLIENTS + " clients on " + readers, Format.rate(inRate, "q/s"),
                    Format.rate(poolRate, "q/s"), Format.ratio(poolRate / inRate), target));
        } finally {
            for (SQLiteConnection c : conns) {
                c.close();
            }
        }
    }

    private interface Client {
        long run(int client) throws Exception;
    }

    private interface Knn {
        void query(float[] v) throws Exception;
    }

    private volatile long deadline;

    /** @return queries per second of all clients together */
    private double run(Client client) throws Exception {
        LongAdder done = new LongAdder();
        AtomicReference<Exception> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int id = c;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    done.add(client.run(id));
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-knn-" + c);
            threads.add(t);
            t.start();
        }
        long t0 = System.nanoTime();
        deadline = t0 + sizes.throughputMillis() * 1_000_000;
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        long elapsed = System.nanoTime() - t0;
        if (failure.get() != null) {
            throw failure.get();
        }
        return done.sum() / (elapsed / 1e9);
    }

    /** @return how many queries this client finished before the deadline (the last one runs to its end) */
    private long loop(int client, Knn knn) throws Exception {
        long n = 0;
        int q = client * 17;
        while (System.nanoTime() < deadline) {
            knn.query(queries.get(q++ % queries.size()));
            n++;
        }
        return n;
    }

    private static void inProcess(PreparedStatement ps, float[] v) throws SQLException {
        ps.setBytes(1, BenchData.blob(v));
        int n = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rs.getLong(1);
                rs.getDouble(2);
                n++;
            }
        }
        if (n != 10) {
            throw new IllegalStateException("KNN returned " + n + " rows");
        }
    }

    private static void viaPool(WorkerPool pool, float[] v) {
        QueryResult r = pool.query(BenchData.KNN_SQL, v);
        if (r.size() != 10) {
            throw new IllegalStateException("KNN returned " + r.size() + " rows");
        }
    }
}
