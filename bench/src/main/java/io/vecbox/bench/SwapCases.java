package io.vecbox.bench;

import io.vecbox.supervisor.WorkerPool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code WorkerPool.swapDatabase} on a read-only pool of the default reader count, between two
 * restores of one replica: {@code before} (the catch-up table empty) and {@code after} (it holds
 * {@value ReplicaCases#CATCHUP_ROWS} rows), so a count on that table says which file answered.
 * <ul>
 *   <li>under a steady load (one thread of primary-key lookups, one of KNN queries, one probe
 *       counting the catch-up table), several swaps back and forth: the call until it returns, the
 *       call until the first probe query sent after it answers from the new file, and every failed
 *       query of the three threads (the promise is none);</li>
 *   <li>on a quiet pool, the first KNN query after a swap (new reader processes, empty KNN chunk
 *       cache and SQLite page cache; the file itself is in the OS page cache, a restore having just
 *       written it) against the median of the next ones.</li>
 * </ul>
 * The readers run with the KNN cases' options ({@link KnnCases#FAST_PATH_JVM_OPTIONS},
 * {@link KnnCases#FAST_PATH_CACHE_BYTES}): at 100,000 vectors the warm queries take the readers'
 * fast path, at 1,000,000 vec0 answers.
 */
final class SwapCases {
    private static final int LOADED_SWAPS = 6;
    private static final int QUIET_SWAPS = 3;
    private static final int WARM_QUERIES = 7;
    private static final long LOAD_BETWEEN_SWAPS_MILLIS = 1_000;
    private static final long PROBE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Report report;

    SwapCases(Report report) {
        this.report = report;
    }

    /** One probe query: when it was sent and answered, and the count it saw. */
    private record Probe(long sent, long answered, long count) {
    }

    /**
     * @param rows vectors in both files
     * @param before a restored file without the catch-up rows
     * @param after a restored file with them
     */
    void run(int rows, Path before, Path after) throws Exception {
        String over = String.format("%,d", rows);
        List<float[]> queries = new ArrayList<>();
        Random r = new Random(7);
        for (int i = 0; i < 16; i++) {
            queries.add(BenchData.vector(r));
        }
        try (WorkerPool pool = WorkerPool.builder().name("bench-replica-reads").database(before).readOnly(true)
                .jvmOptions(KnnCases.FAST_PATH_JVM_OPTIONS).knnCacheBytes(KnnCases.FAST_PATH_CACHE_BYTES).build()) {
            int readers = pool.config().readers();
            for (int i = 0; i < 3; i++) {
                pool.query(BenchData.KNN_SQL, queries.get(i)); // JIT and caches of the first readers
            }
            Main.progress("swap over " + over + " vectors: " + LOADED_SWAPS + " swaps under load");
            loaded(pool, rows, before, after, queries, readers);
            Main.progress("swap over " + over + " vectors: first KNN after a swap, " + QUIET_SWAPS + " swaps");
            quiet(pool, rows, before, after, queries, readers, "");
        }
        try (WorkerPool pool = WorkerPool.builder().name("bench-replica-warm").database(before).readOnly(true)
                .jvmOptions(KnnCases.FAST_PATH_JVM_OPTIONS).knnCacheBytes(KnnCases.FAST_PATH_CACHE_BYTES)
                .knnWarmUp(true).build()) {
            for (int i = 0; i < 3; i++) {
                pool.query(BenchData.KNN_SQL, queries.get(i));
            }
            Main.progress("swap over " + over + " vectors: first KNN after a swap with knnWarmUp, " + QUIET_SWAPS
                    + " swaps");
            quiet(pool, rows, before, after, queries, pool.config().readers(), ", knnWarmUp(true)");
        }
    }

    private void loaded(WorkerPool pool, int rows, Path before, Path after, List<float[]> queries, int readers)
            throws Exception {
        AtomicLong failed = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        List<Probe> probes = new ArrayList<>();
        stop = false;
        Random ids = new Random(3);
        List<Thread> threads = List.of(
                load("bench-swap-pk", failed, done, firstFailure,
                        () -> pool.query(BenchData.PK_SQL, 1 + ids.nextInt(rows))),
                load("bench-swap-knn", failed, done, firstFailure, new Runnable() {
                    private int q;

                    @Override
                    public void run() {
                        pool.query(BenchData.KNN_SQL, queries.get(q++ % queries.size()));
                    }
                }),
                load("bench-swap-probe", failed, done, firstFailure, () -> {
                    long sent = System.nanoTime();
                    long count = pool.query("select count(*) from " + ReplicaCases.CATCHUP_TABLE).rows().get(0)
                            .getLong(0);
                    synchronized (probes) {
                        probes.add(new Probe(sent, System.nanoTime(), count));
                    }
                }));
        threads.forEach(Thread::start);
        Samples call = new Samples();
        Samples firstNew = new Samples();
        try {
            TimeUnit.MILLISECONDS.sleep(LOAD_BETWEEN_SWAPS_MILLIS);
            for (int s = 0; s < LOADED_SWAPS; s++) {
                boolean toAfter = s % 2 == 0;
                long expected = toAfter ? ReplicaCases.CATCHUP_ROWS : 0;
                long t0 = System.nanoTime();
                pool.swapDatabase(toAfter ? after : before);
                long returned = System.nanoTime();
                call.add(returned - t0);
                firstNew.add(firstAnswer(probes, t0, returned, expected) - t0);
                TimeUnit.MILLISECONDS.sleep(LOAD_BETWEEN_SWAPS_MILLIS);
            }
        } finally {
            stop = true;
            for (Thread t : threads) {
                t.join();
            }
        }
        String over = String.format("%,d", rows);
        Percentiles.Summary c = call.summary();
        Percentiles.Summary f = firstNew.summary();
        report.row(new Report.Row("`swapDatabase` over " + over + ", read-only pool of " + readers + " readers under "
                + "load (PK lookups, KNN, a probe): call → return (new readers started, old ones drained), "
                + "median of " + c.count() + " (max)", "–", Format.duration(c.p50()) + " ("
                + Format.duration(c.max()) + ")", "–", "–"));
        report.row(new Report.Row("… call → first probe query sent after it answers from the new file, median (max)",
                "–", Format.duration(f.p50()) + " (" + Format.duration(f.max()) + ")", "–", "–"));
        report.row(new Report.Row("… queries failed during " + c.count() + " swaps, of " + String.format("%,d",
                done.get() + failed.get()) + " run", "–", Long.toString(failed.get()), "–", "0"));
        report.detail("swapDatabase call → return, " + over, c);
        report.detail("swapDatabase call → first answer from the new file, " + over, f);
        if (firstFailure.get() != null) {
            report.note("swap over " + over + ": first failed query: " + firstFailure.get());
        }
    }

    /**
     * Swaps with nothing else running, then times the first KNN query on the new readers against warm ones.
     *
     * @param variant how the pool differs from the default, for the report's labels ("" for none)
     */
    private void quiet(WorkerPool pool, int rows, Path before, Path after, List<float[]> queries, int readers,
                       String variant) throws Exception {
        Samples swaps = new Samples();
        Samples cold = new Samples();
        Samples warm = new Samples();
        int q = 0;
        Path current = pool.database();
        for (int s = 0; s < QUIET_SWAPS; s++) {
            current = current.equals(after) ? before : after;
            long swap = System.nanoTime();
            pool.swapDatabase(current);
            swaps.add(System.nanoTime() - swap);
            long t0 = System.nanoTime();
            pool.query(BenchData.KNN_SQL, queries.get(q++ % queries.size()));
            cold.add(System.nanoTime() - t0);
            for (int i = 0; i < WARM_QUERIES; i++) {
                long t1 = System.nanoTime();
                pool.query(BenchData.KNN_SQL, queries.get(q++ % queries.size()));
                if (i >= 2) { // the second and third fill the cache of a split's other reader, and compile
                    warm.add(System.nanoTime() - t1);
                }
            }
        }
        String over = String.format("%,d", rows);
        Percentiles.Summary c = cold.summary();
        Percentiles.Summary w = warm.summary();
        Percentiles.Summary sw = swaps.summary();
        report.row(new Report.Row("`swapDatabase` over " + over + variant + ", nothing else running: call → return, "
                + "median of " + sw.count(), "–", Format.duration(sw.p50()), "–", "–"));
        report.row(new Report.Row("first KNN k=10 over " + over + variant + " after a swap (new readers), median of "
                + c.count() + ", against warm queries on the same readers, median of " + w.count(), "–",
                Format.duration(c.p50()) + " first, " + Format.duration(w.p50()) + " warm",
                Format.ratio((double) c.p50() / w.p50()), "–"));
        report.detail("swapDatabase, quiet, " + over + variant, sw);
        report.detail("first KNN after a swap, " + over + variant + ", " + readers + " readers", c);
        report.detail("warm KNN after a swap, " + over + variant + ", " + readers + " readers", w);
    }

    /**
     * Waits for a probe sent after the swap returned, checks that every such probe saw the new file,
     * and forgets the probes.
     *
     * @return when the first probe sent at or after {@code t0} answered from the new file
     */
    private static long firstAnswer(List<Probe> probes, long t0, long returned, long expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + PROBE_TIMEOUT_NANOS;
        while (System.nanoTime() < deadline) {
            synchronized (probes) {
                if (!probes.isEmpty() && probes.get(probes.size() - 1).sent() - returned >= 0) {
                    long first = -1;
                    for (Probe p : probes) {
                        if (p.sent() - returned >= 0 && p.count() != expected) {
                            throw new IllegalStateException("a probe sent after swapDatabase returned saw " + p.count()
                                    + " catch-up rows, expected " + expected);
                        }
                        if (first == -1 && p.sent() - t0 >= 0 && p.count() == expected) {
                            first = p.answered();
                        }
                    }
                    probes.clear();
                    return first;
                }
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
        throw new IllegalStateException("no probe answered within 60 s of a swap");
    }

    private volatile boolean stop;

    private Thread load(String name, AtomicLong failed, AtomicLong done, AtomicReference<Throwable> firstFailure,
                        Runnable call) {
        Thread t = new Thread(() -> {
            while (!stop) {
                try {
                    call.run();
                    done.incrementAndGet();
                } catch (RuntimeException e) {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, e);
                }
            }
        }, name);
        t.setDaemon(true);
        return t;
    }
}
