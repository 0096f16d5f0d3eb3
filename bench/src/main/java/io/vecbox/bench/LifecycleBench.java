package io.vecbox.bench;

import io.vecbox.protocol.Configure;
import io.vecbox.protocol.Hello;
import io.vecbox.protocol.MessageReader;
import io.vecbox.protocol.MessageWriter;
import io.vecbox.protocol.Ping;
import io.vecbox.protocol.Pong;
import io.vecbox.protocol.Protocol;
import io.vecbox.protocol.Ready;
import io.vecbox.protocol.Role;
import io.vecbox.nativelib.SqliteVec;
import io.vecbox.supervisor.WorkerInfo;
import io.vecbox.supervisor.WorkerPool;
import io.vecbox.supervisor.WorkerPoolListener;
import io.vecbox.supervisor.internal.SqliteJdbcLibrary;
import io.vecbox.supervisor.internal.WorkerJar;
import io.vecbox.supervisor.internal.WorkerLauncher;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Worker lifecycle numbers: start-up to ready, idle RSS, ping round trip, failover and restart
 * times. Run with {@code mvn -q -pl bench exec:java} after {@code mvn install}; the argument is
 * the number of start-up and failover runs (default 10).
 */
public final class LifecycleBench {
    private LifecycleBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("vecbox-bench-");
        Path cache = SqliteVec.defaultCacheDirectory();
        Path jar = WorkerJar.install(cache);
        Path vec = SqliteVec.extractTo(cache);
        List<String> sqliteJdbc = SqliteJdbcLibrary.install(jar, cache).map(SqliteJdbcLibrary::jvmOptions)
                .orElse(List.of());
        Path db = dir.resolve("bench.db");
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;

        StringBuilder report = new StringBuilder("# vecbox lifecycle measurements\n\n");
        report.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version"))
                .append(", ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append("\n\n| measurement | median | p90 / p99 | runs |\n| --- | --- | --- | --- |\n");

        long[] startup = new long[runs];
        long[] rss = new long[runs];
        long[] ping = null;
        for (int i = 0; i < runs; i++) {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(WorkerLauncher.defaultJvmOptions(dir));
            cmd.addAll(sqliteJdbc); // as the pool starts its workers
            cmd.add("-jar");
            cmd.add(jar.toString());
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            MessageReader in = new MessageReader(new BufferedInputStream(p.getInputStream()), Protocol.DEFAULT_MAX_FRAME_BYTES);
            MessageWriter out = new MessageWriter(new BufferedOutputStream(p.getOutputStream()), Protocol.DEFAULT_MAX_FRAME_BYTES);
            Hello hello = (Hello) in.read();
            out.write(new Configure("bench", i == 0 ? Role.WRITER : Role.READER, db.toString(), vec.toString(), Map.of(),
                    5000, 10_000, 16 << 20, 64, Map.of(), false, Protocol.DEFAULT_MAX_FRAME_BYTES));
            Ready ready = (Ready) in.read();
            startup[i] = System.nanoTime() - t0;
            if (i == runs - 1) {
                int n = 20_000;
                ping = new long[n];
                for (int k = 0; k < n; k++) {
                    long s = System.nanoTime();
                    out.write(new Ping(k));
                    Pong pong = (Pong) in.read();
                    ping[k] = System.nanoTime() - s;
                    if (pong.id() != k) {
                        throw new IllegalStateException("pong for " + pong.id());
                    }
                }
            }
            rss[i] = rssKb(hello.pid());
            p.getOutputStream().close();
            p.waitFor(10, TimeUnit.SECONDS);
            if (ready.pid() != hello.pid()) {
                throw new IllegalStateException("pid mismatch");
            }
        }
        row(report, "worker start-up, launch to ready (JVM + SQLite + sqlite-vec)", startup, "ms", runs);
        row(report, "worker idle RSS after handshake", rss, "MiB", runs);
        row(report, "ping round trip (frame out, frame back)", ping, "us", ping.length);

        // Failover and restart through a real pool.
        Map<String, Long> lostAt = new ConcurrentHashMap<>();
        LinkedBlockingQueue<Long> restartNanos = new LinkedBlockingQueue<>();
        WorkerPoolListener listener = new WorkerPoolListener() {
            @Override
            public void workerLost(String pool, String worker, long pid, String reason) {
                lostAt.put(worker.substring(0, worker.indexOf('#')), System.nanoTime());
            }

            @Override
            public void workerStarted(String pool, String worker, long pid, Duration startupTime) {
                Long lost = lostAt.remove(worker.substring(0, worker.indexOf('#')));
                if (lost != null) {
                    restartNanos.add(System.nanoTime() - lost);
                }
            }
        };
        long[] readerFailover = new long[runs];
        long[] writerFailover = new long[runs];
        long[] restart = new long[2 * runs];
        long[] select1 = new long[5000];
        try (WorkerPool pool = WorkerPool.builder().name("bench").database(dir.resolve("pool.db")).readers(2)
                .crashLogDirectory(dir.resolve("crash")).listener(listener)
                // A flat 100 ms backoff, so every run measures the cost of one restart rather than
                // the policy's growing delay for a slot that keeps dying.
                .restartPolicy(io.vecbox.supervisor.RestartPolicy.builder().initialBackoff(Duration.ofMillis(100))
                        .backoffFactor(1.0).jitter(0.0).build())
                .build()) {
            pool.execute("create table t(x)");
            for (int i = 0; i < 20_000; i++) {
                pool.query("select 1"); // warm up the host's JIT before timing anything
            }
            for (int i = 0; i < select1.length; i++) {
                long s = System.nanoTime();
                pool.query("select 1");
                select1[i] = System.nanoTime() - s;
            }
            for (int i = 0; i < runs; i++) {
                readerFailover[i] = killAndTime(pool, "reader", () -> pool.query("select count(*) from t"));
                restart[2 * i] = restartNanos.poll(60, TimeUnit.SECONDS);
                writerFailover[i] = killAndTime(pool, "writer", () -> pool.execute("insert into t values (1)"));
                restart[2 * i + 1] = restartNanos.poll(60, TimeUnit.SECONDS);
            }
        }
        long[] select1Trusted = new long[select1.length];
        try (WorkerPool pool = WorkerPool.builder().name("bench-trusted").database(dir.resolve("pool.db")).readers(2)
                .crashLogDirectory(dir.resolve("crash")).sandbox(io.vecbox.supervisor.SandboxPolicy.trusted()).build()) {
            for (int i = 0; i < select1Trusted.length; i++) {
                long s = System.nanoTime();
                pool.query("select 1");
                select1Trusted[i] = System.nanoTime() - s;
            }
        }
        row(report, "query `select 1` through the pool, untrusted policy (default)", select1, "us", select1.length);
        row(report, "query `select 1` through the pool, trusted policy", select1Trusted, "us", select1Trusted.length);
        row(report, "failover, reader: SIGKILL an idle reader → next query answered", readerFailover, "ms", runs);
        row(report, "failover, writer: SIGKILL the writer → next write answered", writerFailover, "ms", runs);
        row(report, "restart: worker lost → replacement ready (100 ms backoff included)", restart, "ms",
                restart.length);
        System.out.println(report);
        Path out = Path.of("target", "lifecycle-report.md");
        if (!Files.isDirectory(out.getParent())) {
            out = Path.of("bench", "target", "lifecycle-report.md");
        }
        if (Files.isDirectory(out.getParent())) {
            Files.writeString(out, report);
            System.out.println("written to " + out);
        }
    }

    private static long killAndTime(WorkerPool pool, String role, Runnable call) throws Exception {
        WorkerInfo victim = pool.workers().stream().filter(w -> w.role().equals(role) && w.pid() > 0).findFirst()
                .orElseThrow();
        ProcessHandle h = ProcessHandle.of(victim.pid()).orElseThrow();
        long s = System.nanoTime();
        h.destroyForcibly();
        while (true) {
            try {
                call.run();
                return System.nanoTime() - s;
            } catch (RuntimeException e) {
                // the write that races the kill may fail with WorkerCrashedException: try again
            }
        }
    }

    private static long rssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static void row(StringBuilder sb, String what, long[] values, String unit, int n) {
        long[] v = values.clone();
        Arrays.sort(v);
        double div = switch (unit) {
            case "ms" -> 1e6;
            case "us" -> 1e3;
            case "MiB" -> 1024;
            default -> 1;
        };
        String tail = n >= 100 ? "p99 " + fmt(v[(int) Math.ceil(0.99 * v.length) - 1] / div)
                : "p90 " + fmt(v[(int) Math.ceil(0.9 * v.length) - 1] / div);
        sb.append("| ").append(what).append(" | ").append(fmt(v[v.length / 2] / div)).append(' ').append(unit)
                .append(" | ").append(tail).append(' ').append(unit).append(" | ").append(n).append(" |\n");
    }

    private static String fmt(double d) {
        return d >= 100 ? String.format("%.0f", d) : String.format("%.1f", d);
    }
}
