package io.vecbox.bench;

import io.vecbox.supervisor.WorkerInfo;
import io.vecbox.supervisor.WorkerPool;
import io.vecbox.supervisor.WorkerPoolListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What a pool costs to have rather than to use: {@code WorkerPool.build()} of one writer and one
 * reader until ready, each worker's start to ready (as the pool's listener reports it), a
 * worker's idle RSS, the wall time of a one-shot {@code vecbox query}, and failover (the next
 * read after a reader is SIGKILLed, the next write after the writer is). All on a small database
 * of its own, with the pool's default settings.
 */
final class LifecycleCases {
    /** States in which a worker answers requests (WorkerInfo.state() holds the state's name). */
    static final Set<String> SERVING = Set.of("IDLE", "BUSY", "LEASED");
    private static final long RESTORE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long STANDBY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(20);

    private final Sizes sizes;
    private final Path db;
    private final Path cliJar;
    private final boolean standbyWriter;
    private final Report report;

    LifecycleCases(Sizes sizes, Path db, Path cliJar, boolean standbyWriter, Report report) {
        this.sizes = sizes;
        this.db = db;
        this.cliJar = cliJar;
        this.standbyWriter = standbyWriter;
        this.report = report;
    }

    void run() throws Exception {
        Main.progress("pool build, worker start, idle RSS");
        builds();
        Main.progress("one-shot vecbox query");
        cliQuery();
        Main.progress("failover");
        failover();
    }

    private void builds() {
        Samples build = new Samples();
        Samples start = new Samples();
        Samples rss = new Samples();
        WorkerPoolListener listener = new WorkerPoolListener() {
            @Override
            public void workerStarted(String pool, String worker, long pid, Duration startupTime) {
                synchronized (start) {
                    start.add(startupTime.toNanos());
                }
            }
        };
        for (int i = 0; i < sizes.lifecycleRuns(); i++) {
            long t0 = System.nanoTime();
            try (WorkerPool pool = WorkerPool.builder().name("bench-build-" + i).database(db).readers(1)
                    .listener(listener).build()) {
                build.add(System.nanoTime() - t0);
                for (WorkerInfo w : pool.workers()) {
                    long kib = MachineInfo.rssKib(w.pid());
                    if (kib > 0) {
                        rss.add(kib);
                    }
                }
            }
        }
        report.row(new Report.Row("`WorkerPool.build()`, 1 writer + 1 reader, until ready, p50", "–",
                Format.duration(build.summary().p50()), "–", "≤ 300 ms"));
        report.detail("`WorkerPool.build()`, 1 writer + 1 reader", build.summary());
        Percentiles.Summary starts;
        synchronized (start) {
            starts = start.summary();
        }
        if (starts != null) {
            report.row(new Report.Row("worker start → ready (listener's startup time), p50", "–",
                    Format.duration(starts.p50()), "–", "≤ 150 ms"));
            report.detail("worker start → ready", starts);
        }
        Percentiles.Summary r = rss.summary();
        if (r != null) {
            report.row(new Report.Row("idle RSS of a worker just after ready (VmRSS), median of " + r.count(), "–",
                    Format.kib(r.p50()) + " (max " + Format.kib(r.max()) + ")", "–", "≤ 40 MB"));
        } else {
            report.note("idle RSS not measured: /proc/<pid>/status is not readable here");
        }
    }

    private void cliQuery() throws IOException, InterruptedException {
        if (cliJar == null) {
            report.note("one-shot `vecbox query` not measured: no CLI jar (build it with "
                    + "`mvn -B -ntp -q package -pl cli,bench -am -DskipTests`, or pass --cli-jar)");
            return;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Samples wall = new Samples();
        Path err = Files.createTempFile(db.getParent(), "cli-", ".err");
        try {
            if (!timeCli(java, err, wall)) {
                return;
            }
        } finally {
            Files.deleteIfExists(err); // the CLI's stderr, read only when it failed
        }
        report.row(new Report.Row("one-shot `vecbox query` (`java -jar vecbox.jar query`), wall time, p50", "–",
                Format.duration(wall.summary().p50()), "–", "≤ 1 s"));
        report.detail("one-shot `vecbox query`", wall.summary());
    }

    /** @return whether every run succeeded (else a note says why) */
    private boolean timeCli(String java, Path err, Samples wall) throws IOException, InterruptedException {
        for (int i = 0; i < sizes.cliRuns(); i++) {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(java, "-jar", cliJar.toString(), "query", "--db", db.toString(), "select 1")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                report.note("one-shot `vecbox query` did not finish in 60 s");
                return false;
            }
            long elapsed = System.nanoTime() - t0;
            if (p.exitValue() != 0) {
                String text = Files.readString(err, StandardCharsets.UTF_8);
                report.note("one-shot `vecbox query` exited with " + p.exitValue() + ": "
                        + text.substring(Math.max(0, text.length() - 300)).strip());
                return false;
            }
            wall.add(elapsed);
        }
        return true;
    }

    private boolean standbyUsed;

    private void failover() {
        Samples read = new Samples();
        Samples write = new Samples();
        try (WorkerPool pool = WorkerPool.builder().name("bench-failover").database(db).readers(2)
                .standbyWriter(standbyWriter).build()) {
            pool.execute("create table if not exists t(x)");
            for (int i = 0; i < 200; i++) {
                pool.query("select count(*) from t");
                pool.execute("insert into t values (?)", i);
            }
            boolean standby = standbyWriter && awaitStandby(pool);
            if (standbyWriter && !standby) {
                report.note("--standby-writer: no worker of the pool reached state STANDBY in 20 s (this build does "
                        + "not keep a standby writer); writer failover measured without one");
            }
            int serving = serving(pool).size();
            long lastKill = 0;
            for (int k = 0; k < sizes.kills(); k++) {
                long sinceLast = System.nanoTime() - lastKill;
                long gap = TimeUnit.MILLISECONDS.toNanos(sizes.killGapMillis());
                if (k > 0 && sinceLast < gap) {
                    sleepNanos(gap - sinceLast);
                }
                awaitServing(pool, serving, standby);
                read.add(killAndTime(pool, w -> w.role().equals("reader"), () -> pool.query("select count(*) from t")));
                awaitServing(pool, serving, standby);
                int value = k;
                write.add(killAndTime(pool, w -> w.role().equals("writer"),
                        () -> pool.execute("insert into t values (?)", value)));
                lastKill = System.nanoTime();
            }
            awaitServing(pool, serving, standby);
            standbyUsed = standby;
        }
        report.row(new Report.Row("next read after a reader is SIGKILLed, p50 of " + read.size(), "–",
                Format.duration(read.summary().p50()), "–", "≤ 5 ms"));
        report.row(new Report.Row("next write after the writer is SIGKILLed" + (standbyUsed ? " (standby writer on)"
                : "") + ", p50 of " + write.size() + " kills "
                + Format.duration(TimeUnit.MILLISECONDS.toNanos(sizes.killGapMillis())) + " or more apart", "–",
                Format.duration(write.summary().p50()), "–", "≤ 20 ms"));
        report.detail("next read after a reader SIGKILL", read.summary());
        report.detail("next write after the writer SIGKILL", write.summary());
    }

    /** @return whether a worker of the pool reaches state STANDBY within 20 s */
    private static boolean awaitStandby(WorkerPool pool) {
        long t0 = System.nanoTime();
        while (pool.workers().stream().noneMatch(w -> w.state().equals("STANDBY"))) {
            if (System.nanoTime() - t0 > STANDBY_TIMEOUT_NANOS) {
                return false;
            }
            sleepNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        return true;
    }

    /** @return the workers answering requests now (a standby writer, if there is one, is not among them) */
    static List<WorkerInfo> serving(WorkerPool pool) {
        List<WorkerInfo> out = new ArrayList<>();
        for (WorkerInfo w : pool.workers()) {
            if (w.pid() > 0 && SERVING.contains(w.state()) && !w.name().contains("standby")) {
                out.add(w);
            }
        }
        return out;
    }

    /**
     * SIGKILLs the first serving worker that matches and times the call from the kill to its
     * first success; failures in between (the request that raced the kill) are retried.
     */
    private static long killAndTime(WorkerPool pool, Predicate<WorkerInfo> which, Runnable call) {
        WorkerInfo victim = serving(pool).stream().filter(which).findFirst()
                .orElseThrow(() -> new IllegalStateException("no serving worker to kill: " + pool.workers()));
        ProcessHandle process = ProcessHandle.of(victim.pid())
                .orElseThrow(() -> new IllegalStateException("worker process gone: " + victim));
        long t0 = System.nanoTime();
        process.destroyForcibly();
        while (true) {
            try {
                call.run();
                return System.nanoTime() - t0;
            } catch (RuntimeException e) {
                if (System.nanoTime() - t0 > RESTORE_TIMEOUT_NANOS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Polls until {@code count} workers serve again (the pool restarts the killed ones itself) and,
     * with a standby writer, until a standby is ready again, so that every kill meets the same pool.
     */
    private static void awaitServing(WorkerPool pool, int count, boolean standby) {
        long t0 = System.nanoTime();
        while (serving(pool).size() < count
                || standby && pool.workers().stream().noneMatch(w -> w.state().equals("STANDBY"))) {
            if (System.nanoTime() - t0 > RESTORE_TIMEOUT_NANOS) {
                throw new IllegalStateException("pool not restored in 60 s: " + pool.workers());
            }
            sleepNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private static void sleepNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
