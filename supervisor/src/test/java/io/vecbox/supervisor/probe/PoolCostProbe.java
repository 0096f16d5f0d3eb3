package io.vecbox.supervisor.probe;

import io.vecbox.supervisor.SandboxPolicy;
import io.vecbox.supervisor.WorkerPool;
import io.vecbox.supervisor.WorkerPoolListener;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Prices a {@code select 1} through 1-writer, 1-reader pools (trusted policy) on both sides of the
 * pipe, interleaved in short blocks with the floor (a raw child-JVM pipe echo), because on a shared
 * machine only side-by-side numbers mean anything. Per case: wall-time percentiles over all samples
 * and the median of the blocks' p50s; CPU time per request of the host process and of the case's
 * worker processes; voluntary context switches per request on each side (from {@code /proc}, so
 * Linux only). The host's numbers include whatever else the host JVM does meanwhile (its JIT, GC).
 *
 * <p>Two pools when system property {@code worker.flags} is set (space-separated worker JVM options,
 * e.g. {@code "-XX:TieredStopAtLevel=4 -XX:CICompilerCount=2"}): one with the default worker flags,
 * one with these added, each also reporting its workers' start-up time and idle RSS. Not a test: run
 * it by hand,
 * {@code java [-Dworker.flags=...] [-Dblock=250] -cp <supervisor test class path> io.vecbox.supervisor.probe.PoolCostProbe [rounds] [iterations]}.
 */
public final class PoolCostProbe {
    private PoolCostProbe() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int block = Integer.getInteger("block", 250);
        String extra = System.getProperty("worker.flags", "").trim();
        Path dir = Files.createTempDirectory("vecbox-cost");
        List<Case> cases = new ArrayList<>();
        try (LatencyProbe.Echo echo = new LatencyProbe.Echo(List.of("-Xss1m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1"), "direct")) {
            cases.add(new Case("default worker flags", dir, "a", List.of()));
            if (!extra.isEmpty()) {
                cases.add(new Case("+ " + extra, dir, "b", List.of(extra.split(" +"))));
            }
            for (Case c : cases) {
                System.out.printf("%-40s start-up %s ms, idle RSS %s kB%n", c.name, c.startups, c.idleRssKb());
            }
            for (int i = 0; i < n; i++) {
                echo.roundTrip();
                for (Case c : cases) {
                    c.pool.query("select 1");
                }
            }
            int blocks = rounds * n / block;
            long[] echoSamples = new long[blocks * block];
            String load0 = load();
            for (int b = 0; b < blocks; b++) {
                for (int i = 0; i < block; i++) {
                    echoSamples[b * block + i] = echo.roundTrip();
                }
                for (int k = 0; k < cases.size(); k++) {
                    cases.get((k + b) % cases.size()).block(b, block, blocks);
                }
            }
            System.out.printf("load %s at start, %s at end; %d blocks of %d, interleaved%n", load0, load(), blocks, block);
            Arrays.sort(echoSamples);
            System.out.printf("%-40s p50 %6.1f p90 %6.1f p99 %7.1f µs%n", "pipe echo (floor)", pct(echoSamples, 0.5),
                    pct(echoSamples, 0.9), pct(echoSamples, 0.99));
            for (Case c : cases) {
                c.print(echoSamples[echoSamples.length / 2]);
            }
        } finally {
            for (Case c : cases) {
                c.pool.close();
            }
        }
    }

    /** One pool and what its requests cost. */
    private static final class Case {
        final String name;
        final WorkerPool pool;
        final Set<Long> pids = ConcurrentHashMap.newKeySet();
        final List<Long> startups = new ArrayList<>();
        long[] samples;
        long[] blockP50;
        long hostCpu;
        long hostCsw;
        long workerTicks;
        long workerCsw;

        Case(String name, Path dir, String file, List<String> flags) {
            this.name = name;
            this.pool = WorkerPool.builder().name("cost-" + file).database(dir.resolve(file + ".db")).readers(1)
                    .sandbox(SandboxPolicy.trusted()).jvmOptions(flags).listener(new WorkerPoolListener() {
                        @Override
                        public void workerStarted(String p, String worker, long pid, Duration startupTime) {
                            pids.add(pid);
                            synchronized (startups) {
                                startups.add(startupTime.toMillis());
                            }
                        }
                    }).build();
        }

        String idleRssKb() throws IOException {
            StringBuilder sb = new StringBuilder();
            for (long pid : pids) {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        sb.append(line.substring(6).trim().replace(" kB", "")).append(' ');
                    }
                }
            }
            return sb.toString().trim();
        }

        void block(int b, int len, int blocks) throws IOException {
            if (samples == null) {
                samples = new long[blocks * len];
                blockP50 = new long[blocks];
            }
            long[] host0 = proc(ProcessHandle.current().pid());
            long[] workers0 = workers();
            long cpu0 = cpu();
            for (int i = 0; i < len; i++) {
                long t0 = System.nanoTime();
                pool.query("select 1");
                samples[b * len + i] = System.nanoTime() - t0;
            }
            hostCpu += cpu() - cpu0;
            long[] host = proc(ProcessHandle.current().pid());
            long[] w = workers();
            hostCsw += host[1] - host0[1];
            workerTicks += w[0] - workers0[0];
            workerCsw += w[1] - workers0[1];
            long[] one = Arrays.copyOfRange(samples, b * len, (b + 1) * len);
            Arrays.sort(one);
            blockP50[b] = one[len / 2];
        }

        void print(long floor) {
            long[] all = samples.clone();
            Arrays.sort(all);
            long[] bp = blockP50.clone();
            Arrays.sort(bp);
            int total = all.length;
            System.out.printf("%-40s p50 %6.1f p90 %6.1f p99 %7.1f µs (%.1fx floor) | median block p50 %6.1f | host cpu "
                            + "%5.1f µs, csw %.2f | worker cpu %5.1f µs, csw %.2f per request%n", name, pct(all, 0.5),
                    pct(all, 0.9), pct(all, 0.99), (double) all[total / 2] / floor, bp[bp.length / 2] / 1e3,
                    hostCpu / 1e3 / total, hostCsw / (double) total, workerTicks * 1e4 / total, workerCsw / (double) total);
        }

        /** @return {ticks of utime+stime, voluntary context switches} summed over this pool's workers */
        private long[] workers() throws IOException {
            long[] sum = new long[2];
            for (long pid : pids) {
                long[] one = proc(pid);
                sum[0] += one[0];
                sum[1] += one[1];
            }
            return sum;
        }
    }

    private static String load() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    private static double pct(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)))] / 1e3;
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** @return {ticks of utime+stime (10 ms each on Linux), voluntary context switches of all its threads} */
    private static long[] proc(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        long csw = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    for (String line : Files.readAllLines(t.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches")) {
                            csw += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException gone) {
                    // a thread that ended meanwhile
                }
            }
        }
        return new long[] {ticks, csw};
    }
}
