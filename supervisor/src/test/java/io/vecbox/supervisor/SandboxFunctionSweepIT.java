package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every function and module of the worker's build, read from {@code pragma_function_list} and
 * {@code pragma_module_list} of a real untrusted reader, has a verdict in
 * {@code SANDBOX-FUNCTIONS.md} that agrees with {@link SandboxPolicy}'s defaults; and every one,
 * called through the default untrusted {@link WorkerPool#query} with boundary arguments (see
 * {@link FunctionSweep}), ends in a result or a typed error without losing a worker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxFunctionSweepIT {
    private static final Path DOC = Path.of("SANDBOX-FUNCTIONS.md");
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|([^|]*)\\|\\s*(allowed|bounded|denied)\\s*\\|");

    @TempDir
    static Path dir;
    WorkerPool pool;
    List<Long> pids;

    @BeforeAll
    void setUp() {
        // The default pool, but a deadline generous enough for a loaded machine: the slowest call
        // (vec_to_json of a 134 M-dimension bit vector) spends seconds in native code.
        pool = WorkerPool.builder().name("sweep").database(dir.resolve("sweep.db"))
                .queryTimeout(Duration.ofSeconds(90)).crashLogDirectory(dir.resolve("crash-logs")).build();
        for (String sql : FunctionSweep.FIXTURE) {
            pool.execute(sql);
        }
        pids = Pools.readerPids(pool);
    }

    @AfterAll
    void tearDown() {
        pool.close();
    }

    @Test
    @Order(1)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyFunctionAndModuleOfTheBuildHasAVerdictThatMatchesThePolicy() throws IOException {
        Map<String, String> functions = verdicts("Functions");
        Map<String, String> modules = verdicts("Modules");
        Set<String> buildFunctions = new TreeSet<>();
        for (Row r : pool.query("SELECT DISTINCT name FROM pragma_function_list")) {
            buildFunctions.add(r.getString(0));
        }
        // json_each and json_tree register themselves when a statement names them, pragma_* ones too;
        // in the same statement, since the next one may run on another reader.
        Set<String> buildModules = new TreeSet<>();
        for (Row r : pool.query("SELECT name FROM pragma_module_list"
                + " WHERE (SELECT count(*) FROM json_each('[]'), json_tree('[]')) >= 0")) {
            buildModules.add(r.getString(0).startsWith("pragma_") ? "pragma_*" : r.getString(0));
        }
        assertThat(functions.keySet()).as("functions without a verdict in %s", DOC).containsAll(buildFunctions);
        assertThat(modules.keySet()).as("modules without a verdict in %s", DOC).containsAll(buildModules);
        Set<String> stale = new TreeSet<>(functions.keySet());
        stale.removeAll(buildFunctions);
        stale.removeIf(n -> functions.get(n).equals("denied")); // denied in case a build adds them
        stale.addAll(modules.keySet());
        stale.removeAll(buildModules);
        assertThat(stale).as("verdicts for names this build does not register").isEmpty();
        Set<String> denied = new TreeSet<>();
        Set<String> bounded = new TreeSet<>();
        functions.forEach((name, verdict) -> {
            if (verdict.equals("denied")) {
                denied.add(name);
            } else if (verdict.equals("bounded")) {
                bounded.add(name);
            }
        });
        assertThat(denied).isEqualTo(SandboxPolicy.DEFAULT_DENIED_FUNCTIONS);
        assertThat(bounded).isEqualTo(SandboxPolicy.DEFAULT_BOUNDED_FUNCTIONS);
        assertThat(modules.values()).as("module verdicts").containsOnly("allowed");
    }

    @Test
    @Order(2)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void sweepingEveryFunctionWithBoundaryArgumentsLosesNoWorker() throws Exception {
        Set<FunctionSweep.Fn> functions = new LinkedHashSet<>();
        for (Row r : pool.query("SELECT name, type, narg FROM pragma_function_list ORDER BY name, narg")) {
            functions.add(new FunctionSweep.Fn(r.getString(0), r.getString(1), (int) r.getLong(2)));
        }
        List<String> calls = new ArrayList<>();
        for (FunctionSweep.Fn f : functions) {
            calls.addAll(FunctionSweep.calls(f, SandboxPolicy.DEFAULT_DENIED_FUNCTIONS.contains(f.name())));
        }
        calls.addAll(FunctionSweep.contextCalls());

        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> lost = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> slow = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        LongAdder hugeNanos = new LongAdder();
        LongAdder hugeCalls = new LongAdder();
        LongAdder otherNanos = new LongAdder();
        int threads = pool.config().readers() + 1;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(executor.submit(() -> {
                    for (int c = next.getAndIncrement(); c < calls.size(); c = next.getAndIncrement()) {
                        String sql = calls.get(c);
                        long start = System.nanoTime();
                        String outcome = outcome(sql, lost);
                        outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
                        if (sql.contains("16777216")) {
                            hugeCalls.increment();
                            hugeNanos.add(System.nanoTime() - start);
                        } else {
                            otherNanos.add(System.nanoTime() - start);
                        }
                        if (System.nanoTime() - start > 2_000_000_000L) {
                            slow.add((System.nanoTime() - start) / 1_000_000 + " ms: " + sql);
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            executor.shutdownNow();
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        PoolStats stats = pool.stats();
        System.out.printf("function sweep: %d names (%d name/type/arity rows), %d calls in %d ms on %d readers:"
                        + " ok=%d, sql errors=%d, sandbox denials=%d, timeouts=%d, crashes=%d, other=%d;"
                        + " pool crashes=%d, restarts=%d%n",
                functions.stream().map(FunctionSweep.Fn::name).distinct().count(), functions.size(), calls.size(),
                millis, pool.config().readers(), count(outcomes, "ok"),
                count(outcomes, "sql error"), count(outcomes, "denied"), count(outcomes, "timeout"),
                count(outcomes, "crash"), count(outcomes, "other"), stats.crashes(), stats.restarts());
        System.out.printf("function sweep: %d calls with a 16 MiB value took %d ms of call time, the other %d calls"
                + " %d ms%n", hugeCalls.sum(), hugeNanos.sum() / 1_000_000, calls.size() - hugeCalls.sum(),
                otherNanos.sum() / 1_000_000);
        slow.forEach(s -> System.out.println("function sweep: slow call " + s));
        assertThat(lost).as("calls that lost a worker or failed untyped").isEmpty();
        assertThat(count(outcomes, "ok") + count(outcomes, "sql error") + count(outcomes, "denied")
                + count(outcomes, "timeout")).isEqualTo(calls.size());
        assertThat(stats.crashes()).isZero();
        assertThat(stats.restarts()).isZero();
        assertThat(Pools.readerPids(pool)).isEqualTo(pids);
    }

    private String outcome(String sql, ConcurrentLinkedQueue<String> lost) {
        try {
            pool.query(sql);
            return "ok";
        } catch (SandboxViolationException e) {
            return "denied";
        } catch (QueryTimeoutException e) {
            return "timeout";
        } catch (QueryFailedException e) {
            return "sql error";
        } catch (WorkerCrashedException e) {
            lost.add(sql + " -> " + e.getMessage());
            return "crash";
        } catch (RuntimeException e) {
            lost.add(sql + " -> " + e);
            return "other";
        }
    }

    private static long count(Map<String, LongAdder> outcomes, String outcome) {
        LongAdder a = outcomes.get(outcome);
        return a == null ? 0 : a.sum();
    }

    /**
     * @param section {@code "Functions"} or {@code "Modules"}
     * @return name → verdict of every row of the doc's tables under that heading and the ones
     *     after it up to the next of the two (the functions not in this build follow the functions)
     */
    static Map<String, String> verdicts(String section) throws IOException {
        Map<String, String> out = new TreeMap<>();
        String current = "";
        for (String line : Files.readAllLines(DOC)) {
            if (line.equals("## Functions") || line.equals("## Modules")) {
                current = line.substring(3);
            }
            Matcher m = ROW.matcher(line);
            if (m.find() && current.equals(section)) {
                String previous = out.put(m.group(1), m.group(3));
                assertThat(previous).as("second row for %s", m.group(1)).isNull();
            }
        }
        return out;
    }
}
