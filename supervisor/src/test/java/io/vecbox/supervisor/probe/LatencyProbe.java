package io.vecbox.supervisor.probe;

import io.vecbox.supervisor.SandboxPolicy;
import io.vecbox.supervisor.WorkerPool;
import io.vecbox.supervisor.internal.sandbox.StatementGate;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Measures, in one run and interleaved, what a {@code select 1} costs through a 1-writer,
 * 1-reader pool (default and trusted sandbox policy) next to the floor: a raw child-JVM echo of
 * length-prefixed frames over its stdin and stdout. Also prices one thread hand-off (the echo
 * child handing each frame to a second thread) and the statement gate on a 200-character query.
 * Not a test: run it by hand,
 * {@code java -cp <supervisor test class path> io.vecbox.supervisor.probe.LatencyProbe [rounds] [iterations]}.
 * Prints p50 and p99 per round and the median of the rounds' p50s.
 */
public final class LatencyProbe {
    /** The flags the supervisor starts workers with that matter for a warm request loop. */
    private static final List<String> WORKER_FLAGS = List.of("-Xss1m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    /** 200 characters of a typical untrusted query. */
    static final String QUERY_200 = "select i.id, i.title, i.score, vec_distance_l2(i.embedding, ?) as d from items i "
            + "join tags t on t.item_id = i.id where t.name in ('alpha', 'beta', 'gamma') and i.score > 0.5 "
            + "order by d limit 10 offset 0";

    private LatencyProbe() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        System.out.println("query of " + QUERY_200.length() + " chars; rounds " + rounds + " x " + iterations);
        Path dir = Files.createTempDirectory("vecbox-latency");
        Map<String, List<long[]>> results = new LinkedHashMap<>();
        try (Echo echoDefault = new Echo(List.of(), "direct");
             Echo echoWorkerFlags = new Echo(WORKER_FLAGS, "direct");
             Echo echoHandoff = new Echo(WORKER_FLAGS, "handoff");
             WorkerPool trusted = pool(dir, "trusted", SandboxPolicy.trusted());
             WorkerPool untrusted = pool(dir, "default", SandboxPolicy.untrusted());
             RawWorker rawTrusted = new RawWorker(dir.resolve("trusted.db"), 0);
             RawWorker rawGuarded = new RawWorker(dir.resolve("trusted.db"), SandboxPolicy.DEFAULT_HARD_HEAP_LIMIT_BYTES)) {
            StatementGate gate = new StatementGate(SandboxPolicy.DEFAULT_ALLOWED_PRAGMA_FUNCTIONS,
                    SandboxPolicy.DEFAULT_DENIED_FUNCTIONS, 100_000);
            Map<String, LongSupplier> cases = new LinkedHashMap<>();
            cases.put("echo, default JVM flags", echoDefault::roundTrip);
            cases.put("echo, worker JVM flags", echoWorkerFlags::roundTrip);
            cases.put("echo + 1 thread hand-off", echoHandoff::roundTrip);
            cases.put("raw worker select 1, no guard", rawTrusted::select1);
            cases.put("raw worker select 1, memory guard", rawGuarded::select1);
            cases.put("pool select 1, trusted", () -> timed(() -> trusted.query("select 1")));
            cases.put("pool select 1, default", () -> timed(() -> untrusted.query("select 1")));
            cases.put("pool select 1, default, async", () -> timed(() -> untrusted.queryAsync("select 1").join()));
            cases.put("gate, 200 chars (in-process)", () -> timed(() -> gate.check(QUERY_200)));
            cases.put("gate, select 1 (in-process)", () -> timed(() -> gate.check("select 1")));
            for (Map.Entry<String, LongSupplier> c : cases.entrySet()) {
                sample(c.getValue(), iterations); // warm-up
                results.put(c.getKey(), new ArrayList<>());
            }
            for (int round = 0; round < rounds; round++) {
                for (Map.Entry<String, LongSupplier> c : cases.entrySet()) {
                    long[] s = sample(c.getValue(), iterations);
                    results.get(c.getKey()).add(s);
                }
            }
        }
        System.out.printf("%-34s %10s %10s   %s%n", "case", "p50 µs", "p99 µs", "p50 per round");
        double floor = 0;
        for (Map.Entry<String, List<long[]>> e : results.entrySet()) {
            double[] p50s = e.getValue().stream().mapToDouble(s -> pct(s, 0.50)).toArray();
            double[] p99s = e.getValue().stream().mapToDouble(s -> pct(s, 0.99)).toArray();
            double p50 = median(p50s);
            if (e.getKey().startsWith("echo, worker")) {
                floor = p50;
            }
            StringBuilder per = new StringBuilder();
            for (double d : p50s) {
                per.append(String.format("%.1f ", d / 1000));
            }
            System.out.printf("%-34s %10.2f %10.2f   %s%s%n", e.getKey(), p50 / 1000, median(p99s) / 1000, per,
                    e.getKey().startsWith("pool") && floor > 0 ? String.format("(%.2fx floor)", p50 / floor) : "");
        }
    }

    private static WorkerPool pool(Path dir, String name, SandboxPolicy policy) {
        return WorkerPool.builder().name(name).database(dir.resolve(name + ".db")).readers(1).sandbox(policy).build();
    }

    private static long timed(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return System.nanoTime() - t0;
    }

    private static long[] sample(LongSupplier s, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = s.getAsLong();
        }
        Arrays.sort(out);
        return out;
    }

    private static double pct(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)))];
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    /** A child JVM running {@link EchoChild}. */
    static final class Echo implements AutoCloseable {
        private final Process process;
        private final DataOutputStream out;
        private final DataInputStream in;
        private final byte[] frame = new byte[48];
        private final byte[] answer = new byte[1 << 16];

        Echo(List<String> flags, String mode) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(ProcessHandle.current().info().command().orElse("java"));
            cmd.addAll(flags);
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(EchoChild.class.getName());
            cmd.add(mode);
            process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 64 * 1024));
            in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 64 * 1024));
            Arrays.fill(frame, (byte) 'x');
        }

        long roundTrip() {
            try {
                long t0 = System.nanoTime();
                out.writeInt(frame.length);
                out.write(frame);
                out.flush();
                int len = in.readInt();
                in.readFully(answer, 0, len);
                return System.nanoTime() - t0;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws Exception {
            out.close();
            process.waitFor();
        }
    }
}
