package io.vecbox.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures failover with real worker JVMs and prints a markdown table: the next write after the
 * writer is SIGKILLed, without and with a standby writer; the next read after a reader is
 * SIGKILLed; the resident memory of the standby. Not a test: numbers depend on the machine and
 * its load. Each "next" is timed from the kill to the first request that succeeds (a write sent
 * before the pool noticed the loss fails as the lost writer's in-flight write and is counted).
 *
 * <p>Run with the supervisor's test class path: {@code java -cp … io.vecbox.supervisor.FailoverTimes [kills]}
 */
public final class FailoverTimes {
    private FailoverTimes() {
    }

    public static void main(String[] args) throws Exception {
        int kills = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path dir = Files.createTempDirectory("vecbox-failover");
        RestartPolicy policy = RestartPolicy.builder().maxRestarts(1000, Duration.ofSeconds(60)).build();
        List<String> table = new ArrayList<>();
        table.add("| what | kills | p50 | min | max | requests failed |");
        table.add("| --- | --- | --- | --- | --- | --- |");
        java.util.concurrent.atomic.AtomicLong promotedAt = new java.util.concurrent.atomic.AtomicLong();
        WorkerPoolListener listener = new WorkerPoolListener() {
            @Override
            public void standbyPromoted(String pool, String worker, String replaced) {
                promotedAt.set(System.nanoTime());
            }
        };
        for (boolean standby : new boolean[] {false, true}) {
            try (WorkerPool pool = WorkerPool.builder().name(standby ? "standby" : "plain")
                    .database(dir.resolve(standby ? "standby.db" : "plain.db")).readers(1).standbyWriter(standby)
                    .restartPolicy(policy).acquireTimeout(Duration.ofSeconds(60)).listener(listener).build()) {
                pool.execute("create table t(id integer primary key, v text)");
                for (int i = 0; i < 200; i++) {
                    pool.execute("insert into t(v) values (?)", "warm");
                }
                if (standby) {
                    table.add(0, "standby RSS: " + rssKb(pid(pool, "standby")) + " kB (writer "
                            + rssKb(pid(pool, "writer")) + " kB, reader " + rssKb(pid(pool, "reader")) + " kB)");
                }
                long[] nanos = new long[kills];
                long[] toFailure = new long[kills];
                long[] toPromotion = new long[kills];
                long[] afterPromotion = new long[kills];
                int failed = 0;
                for (int k = 0; k < kills; k++) {
                    Thread.sleep(1500);
                    while (standby && pool.stats().standby() == 0) {
                        Thread.sleep(50); // a measurement, not a test: wait for the new standby
                    }
                    long pid = pid(pool, "writer");
                    long t0 = System.nanoTime();
                    promotedAt.set(0);
                    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
                    while (true) {
                        try {
                            pool.execute("insert into t(v) values (?)", "after kill");
                            break;
                        } catch (WorkerPoolException e) {
                            if (toFailure[k] == 0) {
                                toFailure[k] = System.nanoTime() - t0;
                            }
                            failed++;
                        }
                    }
                    nanos[k] = System.nanoTime() - t0;
                    toPromotion[k] = promotedAt.get() - t0;
                    if (standby) {
                        long t1 = System.nanoTime();
                        pool.execute("insert into t(v) values (?)", "after promotion");
                        afterPromotion[k] = System.nanoTime() - t1;
                    }
                }

                table.add(row("next write after writer SIGKILL, " + (standby ? "standby writer" : "no standby"),
                        nanos, failed));
                table.add(row("… of which: kill to the lost writer's in-flight write failing"
                        + (standby ? "" : ", no standby"), toFailure, 0));
                if (standby) {
                    table.add(row("… of which: kill to the standby promoted", toPromotion, 0));
                    table.add(row("the write after that, on the promoted standby", afterPromotion, 0));
                }
            }
        }
        try (WorkerPool pool = WorkerPool.builder().name("readers").database(dir.resolve("readers.db")).readers(2)
                .restartPolicy(policy).build()) {
            pool.execute("create table t(id integer primary key)");
            long[] nanos = new long[kills];
            int failed = 0;
            for (int k = 0; k < kills; k++) {
                Thread.sleep(1500);
                while (pool.stats().idle() < 3) {
                    Thread.sleep(50); // both readers and the writer back
                }
                for (int i = 0; i < 20; i++) {
                    pool.query("select count(*) from t");
                }
                long pid = pid(pool, "reader");
                long t0 = System.nanoTime();
                ProcessHandle.of(pid).orElseThrow().destroyForcibly();
                while (true) {
                    try {
                        pool.query("select count(*) from t");
                        break;
                    } catch (WorkerPoolException e) {
                        failed++;
                    }
                }
                nanos[k] = System.nanoTime() - t0;
            }
            table.add(row("next read after a reader SIGKILL (2 readers)", nanos, failed));
        }
        table.forEach(System.out::println);
    }

    private static String row(String what, long[] nanos, int failed) {
        long[] sorted = nanos.clone();
        java.util.Arrays.sort(sorted);
        return "| " + what + " | " + nanos.length + " | " + ms(sorted[sorted.length / 2]) + " | " + ms(sorted[0])
                + " | " + ms(sorted[sorted.length - 1]) + " | " + failed + " |";
    }

    private static String ms(long nanos) {
        return String.format("%.1f ms", nanos / 1e6);
    }

    private static long pid(WorkerPool pool, String role) {
        for (WorkerInfo w : pool.workers()) {
            if (w.role().equals(role) && w.pid() > 0) {
                return w.pid();
            }
        }
        throw new IllegalStateException("no live " + role + " in " + pool.workers());
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
