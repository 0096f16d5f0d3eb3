package io.vecbox.cli;

import io.vecbox.supervisor.PoolStats;
import io.vecbox.supervisor.QueryQuarantinedException;
import io.vecbox.supervisor.QueryResult;
import io.vecbox.supervisor.QueryTimeoutException;
import io.vecbox.supervisor.SandboxViolationException;
import io.vecbox.supervisor.WorkerCrashedException;
import io.vecbox.supervisor.WorkerInfo;
import io.vecbox.supervisor.WorkerPool;
import io.vecbox.supervisor.WorkerPoolException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vecbox demo}: loads random vectors, runs KNN queries, then shows live what vecbox is for:
 * a real sqlite-vec segfault, a runaway query and an untrusted write, none of which take the host
 * down. Exits 0 only if every step behaved as described.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Watch a pool survive a segfault, a runaway query and untrusted SQL.",
                "Loads random vectors, runs KNN queries, then crashes a worker with a real sqlite-vec segfault, "
                        + "stops a runaway query and refuses untrusted SQL, all while the pool keeps answering. "
                        + "Exit code 0 only if every step behaved as expected."})
final class DemoCommand implements Callable<Integer> {
    static final String KNN = "select rowid, distance from items where embedding match ? and k = 10";
    static final String CRASH = "select rowid from scratch_renamed where rowid = 1";
    static final String RUNAWAY = "with recursive c(x) as (select 1 union all select x+1 from c) select count(*) from c";

    @Mixin
    GlobalOptions global;

    @Option(names = "--db", paramLabel = "FILE",
            description = "Create the demo database here (must not exist); default: a fresh temporary directory, deleted at the end.")
    Path db;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "20000", description = "Vectors to load (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--dim", paramLabel = "D", defaultValue = "384", description = "Vector dimension (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--readers", paramLabel = "N", defaultValue = "2", description = "Reader workers (default: ${DEFAULT-VALUE}).")
    int readers;

    @Option(names = "--queries", paramLabel = "N", defaultValue = "200", description = "KNN queries (default: ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "4", description = "Threads sending them (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1000", description = "Rows per insert transaction (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "2s",
            description = "The pool's query deadline (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    private final PrintStream out = System.out;
    private final List<String> failures = new ArrayList<>();
    private int checks;
    private WorkerPool pool;

    @Override
    public Integer call() throws Exception {
        validate();
        Path tempDir = Files.createTempDirectory("vecbox-demo-");
        Path database = db != null ? db : tempDir.resolve("demo.db");
        try {
            out.println("vecbox demo: SQLite + sqlite-vec, every connection in its own supervised worker JVM.");
            out.println("A native crash or a runaway query costs one worker, never this process.");

            section("1. Start the pool", "one writer JVM and " + readers + " read-only reader JVM" + (readers == 1 ? "" : "s")
                    + " on one database file (WAL)");
            long t0 = System.nanoTime();
            pool = WorkerPool.builder().name("demo").database(database).readers(readers).queryTimeout(timeout).build();
            out.printf("database   %s%n", database);
            out.printf("started    %d workers in %,d ms, query timeout %s%n", readers + 1, millisSince(t0),
                    DurationConverter.format(timeout));
            printWorkers();

            DemoLoad.load(pool, out, rows, dim, batch, seed);
            DemoLoad.knn(this, pool, out, rows, dim, queries, threads, seed);
            crash();
            runaway();
            untrusted(tempDir);

            section("7. Pool stats", "what the supervisor counted during this run");
            printStats();
        } finally {
            if (pool != null) {
                pool.close();
            }
            deleteRecursively(tempDir);
        }

        out.println();
        if (failures.isEmpty()) {
            out.printf("All %d checks passed: the pool survived a segfault, a runaway query and untrusted SQL.%n", checks);
            return 0;
        }
        out.printf("%d of %s FAILED:%n", failures.size(), Plural.count(checks, "check"));
        failures.forEach(f -> out.println("  - " + f));
        return 1;
    }

    private void validate() {
        if (rows < 20) {
            throw CliException.usage("--rows must be at least 20: " + rows);
        }
        if (dim < 1 || dim > 8192) {
            throw CliException.usage("--dim out of range 1..8192: " + dim);
        }
        if (readers < 1 || readers > 64) {
            throw CliException.usage("--readers out of range 1..64: " + readers);
        }
        if (queries < 1 || threads < 1 || batch < 1) {
            throw CliException.usage("--queries, --threads and --batch must be at least 1");
        }
        if (db != null && Files.exists(db)) {
            throw CliException.usage("--db must name a new file, the demo creates it: " + db + " exists");
        }
    }

    /** Section 4: a real sqlite-vec 0.1.9 segfault on a reader. */
    private void crash() {
        section("4. A native crash", "sqlite-vec 0.1.9 segfaults when it reads a vec0 table that was renamed");
        try {
            pool.execute("create virtual table scratch using vec0(embedding float[4])");
            pool.execute("insert into scratch(rowid, embedding) values (1, '[1,2,3,4]')");
            pool.execute("alter table scratch rename to scratch_renamed");
            out.println("writer     create virtual table scratch ...; insert ...; alter table scratch rename to scratch_renamed");
        } catch (WorkerPoolException e) {
            fail("setting up the crash failed: " + e.getMessage());
            return;
        }
        out.println("reader     " + CRASH);
        out.flush();
        List<WorkerInfo> before = pool.workers();
        try {
            QueryResult r = pool.query(CRASH);
            fail("the crash query returned " + Plural.count(r.size(), "row") + " instead of crashing (is this sqlite-vec 0.1.9?)");
            return;
        } catch (WorkerCrashedException e) {
            pass("crash -> WorkerCrashedException");
            out.printf("  -> WorkerCrashedException: %s%n", headOf(e.getMessage()));
            out.printf("     worker %s, pid %d, %s; the pool retried once on a restarted or other reader%n", e.worker(),
                    e.pid(), e.signal().map(s -> "signal " + s).orElse("exit " + e.exitCode()));
        } catch (WorkerPoolException e) {
            fail("crash query: expected WorkerCrashedException, got " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        List<WorkerInfo> after = awaitReaders(before);
        List<String> restarted = new ArrayList<>();
        for (WorkerInfo w : after) {
            if (!before.contains(w) && "reader".equals(w.role())) {
                restarted.add(w.name() + " (pid " + w.pid() + ", " + w.state().toLowerCase(Locale.ROOT) + ")");
            }
        }
        out.println("restarted  " + (restarted.isEmpty() ? "none?" : String.join(", ", restarted)));

        out.println("reader     the same query again");
        try {
            pool.query(CRASH);
            fail("the repeated crash query succeeded instead of being quarantined");
        } catch (QueryQuarantinedException e) {
            pass("repeat -> QueryQuarantinedException");
            out.printf("  -> QueryQuarantinedException: %s%n", headOf(e.getMessage()));
            out.println("     refused at once: one bad input cannot keep killing workers");
        } catch (WorkerPoolException e) {
            fail("repeated crash query: expected QueryQuarantinedException, got " + e.getClass().getSimpleName() + ": "
                    + headOf(e.getMessage()));
        }
        knnStillCorrect("next KNN query");
    }

    /** Section 5: a query with no end, stopped by the pool's deadline. */
    private void runaway() {
        section("5. A runaway query", "an endless recursive CTE, stopped by the " + DurationConverter.format(timeout)
                + " query deadline");
        out.println("reader     " + RUNAWAY);
        out.flush();
        long t0 = System.nanoTime();
        try {
            QueryResult r = pool.query(RUNAWAY);
            fail("the runaway query returned " + Plural.count(r.size(), "row"));
        } catch (QueryTimeoutException e) {
            pass("runaway -> QueryTimeoutException");
            out.printf("  -> QueryTimeoutException after %,d ms: %s%n", millisSince(t0), headOf(e.getMessage()));
            out.println("     " + (e.workerKilled() ? "the worker ignored the interrupt and was killed and restarted"
                    : "the worker interrupted the statement itself and stays up"));
        } catch (WorkerPoolException e) {
            fail("runaway query: expected QueryTimeoutException, got " + e.getClass().getSimpleName() + ": "
                    + headOf(e.getMessage()));
        }
        try {
            long n = pool.query("select count(*) from items").rows().get(0).getLong(0);
            if (n == rows) {
                pass("pool answers after the timeout");
                out.printf("reader     select count(*) from items -> %,d: the pool still answers%n", n);
            } else {
                fail("count after the timeout: " + n + ", expected " + rows);
            }
        } catch (WorkerPoolException e) {
            fail("the pool did not answer after the timeout: " + e.getMessage());
        }
    }

    /** Section 6: untrusted SQL that tries to write, attach a file or load code. */
    private void untrusted(Path tempDir) {
        section("6. Untrusted SQL", "query() runs behind the sandbox policy (SandboxPolicy.untrusted(), the default)");
        Path target = tempDir.resolve("exfiltrate.db");
        refused("attach database '" + target + "' as x", "attach");
        refused("vacuum into '" + target + "'", "vacuum");
        refused("insert into items(rowid, embedding) values (" + (rows + 1) + ", zeroblob(" + dim * 4 + "))", "write");
        refused("select 1; drop table items", "single-statement");
        refused("select load_extension('" + tempDir.resolve("evil.so") + "')", "function");
        if (Files.exists(target)) {
            fail("an untrusted statement created " + target);
        }
        try {
            long n = pool.query("select count(*) from items").rows().get(0).getLong(0);
            out.printf("           items still holds %s, and no file appeared%n", Plural.count(n, "row"));
            if (n != rows) {
                fail("items holds " + Plural.count(n, "row") + " after the untrusted statements, expected " + rows);
            }
        } catch (WorkerPoolException e) {
            fail("the pool did not answer after the untrusted statements: " + e.getMessage());
        }
    }

    private void refused(String sql, String rule) {
        out.println("untrusted  " + sql);
        try {
            pool.query(sql);
            fail("untrusted statement ran: " + sql);
            out.println("  -> it ran! (the sandbox should have refused it)");
        } catch (SandboxViolationException e) {
            if (!rule.equals(e.rule())) {
                fail("untrusted statement refused by rule " + e.rule() + ", expected " + rule);
            } else {
                pass("untrusted statement refused by rule " + rule);
            }
            String message = e.getMessage();
            int cut = message.indexOf("): ");
            out.println("  -> SandboxViolationException, rule " + e.rule() + ": "
                    + headOf(cut >= 0 ? message.substring(cut + 3) : message));
        } catch (WorkerPoolException e) {
            fail("untrusted statement: unexpected " + e.getClass().getSimpleName() + ": " + headOf(e.getMessage()));
        }
    }

    /** Runs one KNN query with a vector from the table: the answer must be that row at distance 0. */
    void knnStillCorrect(String label) {
        long id = 1 + Math.floorMod(seed * 31 + 7, rows);
        try {
            QueryResult r = pool.query(KNN, DemoData.vector(seed, id, dim));
            long top = r.rows().get(0).getLong(0);
            double distance = r.rows().get(0).getDouble(1);
            if (r.size() == 10 && top == id && distance < 1e-4) {
                pass(label + " correct");
                out.printf("reader     %s for item %,d -> rowid %,d at distance %.4f (%s): correct%n", label, id, top,
                        distance, r.worker());
            } else {
                fail(label + " for item " + id + " returned rowid " + top + " at distance " + distance);
            }
        } catch (WorkerPoolException e) {
            fail(label + " failed: " + e.getMessage());
        }
    }

    private List<WorkerInfo> awaitReaders(List<WorkerInfo> before) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<WorkerInfo> now = pool.workers();
        while (System.nanoTime() < deadline) {
            now = pool.workers();
            boolean settled = now.stream().allMatch(w -> "IDLE".equals(w.state()))
                    && now.stream().anyMatch(w -> !before.contains(w));
            if (settled) {
                break;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return now;
    }

    private void printWorkers() {
        for (WorkerInfo w : pool.workers()) {
            out.printf("           %-12s %-7s pid %d%n", w.name(), w.role(), w.pid());
        }
    }

    private void printStats() {
        PoolStats s = pool.stats();
        out.printf("requests   %,d completed, %,d failed%n", s.completed(), s.failed());
        out.printf("workers    %d (%d idle, %d busy, %d starting, %d unavailable)%n", s.workers(), s.idle(), s.busy(),
                s.starting(), s.unavailable());
        out.printf("incidents  %s, %s, %s, %s quarantined%n", Plural.count(s.crashes(), "crash"),
                Plural.count(s.restarts(), "restart"), Plural.count(s.timeouts(), "timeout"),
                Plural.count(s.quarantined(), "statement"));
        out.printf("latency    p50 %.2f ms, p99 %.2f ms (pool-side, recent successful queries)%n",
                s.latencyP50().toNanos() / 1e6, s.latencyP99().toNanos() / 1e6);
        printWorkers();
    }

    void section(String title, String explanation) {
        out.println();
        out.println("== " + title);
        out.println("   " + explanation);
        out.flush();
    }

    void pass(String check) {
        checks++;
    }

    void fail(String failure) {
        checks++;
        failures.add(failure);
        out.println("  !! FAILED: " + failure);
    }

    /** @return the part of a pool message before its stderr tail */
    static String headOf(String message) {
        int tail = message.indexOf("; stderr tail:");
        String head = tail < 0 ? message : message.substring(0, tail);
        int nl = head.indexOf('\n');
        return nl < 0 ? head : head.substring(0, nl);
    }

    static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
