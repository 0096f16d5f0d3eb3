package io.vecbox.bench;

import io.vecbox.bench.jmh.JmhRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Entry point of {@code vecbox-bench.jar}; see {@link BenchOptions#USAGE} and bench/README.md.
 * Without a mode it runs the side-by-side harness ({@link SideBySide}, {@link KnnCases}) and the
 * lifecycle cases ({@link LifecycleCases}), prints the markdown report and writes it to
 * {@code --out}; {@code lifecycle} runs the lifecycle cases only; {@code replica} runs the
 * Litestream and file-swap cases ({@link ReplicaCases}); {@code jmh} runs the JMH benchmarks of
 * {@code io.vecbox.bench.jmh}.
 */
public final class Main {
    private static final long STARTED = System.nanoTime();

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("vecbox-bench: " + e.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        if (options.mode() == BenchOptions.Mode.JMH) {
            JmhRunner.run(options.quick(), options.jmhArgs());
            return;
        }
        // The pools' INFO lines (every worker start) would bury the progress lines.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        LitestreamCommands litestream = null;
        if (options.mode() == BenchOptions.Mode.REPLICA) {
            try {
                litestream = LitestreamCommands.locate(options.litestream());
            } catch (IllegalArgumentException e) {
                System.err.println("vecbox-bench: " + e.getMessage());
                System.exit(2);
                return;
            }
        }
        harness(options, litestream);
    }

    private static void harness(BenchOptions options, LitestreamCommands litestream) throws Exception {
        Sizes sizes = Sizes.of(options.quick());
        boolean temporary = options.dir() == null;
        Path dir = temporary ? Files.createTempDirectory("vecbox-bench-") : Files.createDirectories(options.dir());
        boolean sideBySide = options.mode() == BenchOptions.Mode.SIDE_BY_SIDE;
        boolean replica = options.mode() == BenchOptions.Mode.REPLICA;
        Report report = new Report(sideBySide ? "vecbox side-by-side benchmark"
                : replica ? "vecbox replica benchmark" : "vecbox lifecycle benchmark");
        report.header("Run: " + (options.quick() ? "quick (rough numbers, smoke only)" : "full") + ", "
                + (sideBySide ? String.format("%,d", sizes.rows()) + " × float[384] vectors, " : "")
                + "started " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
        report.header("Machine: " + MachineInfo.describe());
        String loadAtStart = MachineInfo.loadAverage();
        Exception failure = null;
        try {
            if (replica) {
                new ReplicaCases(dir, litestream, options.quick(), options.rows1m(), report).run();
            } else {
                if (sideBySide) {
                    new SideBySide(sizes, dir.resolve("bench.db"), report).run();
                    new KnnScaling(sizes, dir, dir.resolve("bench.db"), options.quick(), options.rows1m(), report)
                            .run();
                }
                new LifecycleCases(sizes, dir.resolve("lifecycle.db"), cliJar(options), options.standbyWriter(),
                        report).run();
            }
        } catch (Exception e) {
            failure = e;
            report.note("the run failed, the table is incomplete: " + e);
        } finally {
            String loadAtEnd = MachineInfo.loadAverage();
            report.header("Load average (1/5/15 min): " + loadAtStart + " at start, " + loadAtEnd + " at end");
            int cores = Runtime.getRuntime().availableProcessors();
            if (MachineInfo.overloaded(loadAtStart, cores) || MachineInfo.overloaded(loadAtEnd, cores)) {
                report.note("the load average was above the core count: other work competed for the CPU, so "
                        + "latencies are inflated and a side with more threads or processes (the pool) gets a "
                        + "larger share of the CPU than it would on an idle machine");
            }
            String markdown = report.toMarkdown();
            System.out.println(markdown);
            Path out = options.out().toAbsolutePath();
            Files.createDirectories(out.getParent());
            Files.writeString(out, markdown);
            progress("report written to " + out);
            if (temporary && !options.keep()) {
                deleteTree(dir);
            } else {
                progress("working directory kept: " + dir);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** @return the CLI jar to time, or null if none is given or found in the usual places */
    static Path cliJar(BenchOptions options) {
        if (options.cliJar() != null) {
            return options.cliJar().toAbsolutePath();
        }
        Path own = Path.of(PipeFloor.ownClassPath()).toAbsolutePath();
        // bench/target/vecbox-bench.jar → cli/target/vecbox.jar; or run from the repository root.
        for (Path candidate : List.of(own.resolveSibling("../../cli/target/vecbox.jar").normalize(),
                Path.of("cli", "target", "vecbox.jar").toAbsolutePath())) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Prints a progress line to stderr (stdout carries the report). */
    static void progress(String message) {
        System.err.printf("[bench %5.1f s] %s%n", (System.nanoTime() - STARTED) / 1e9, message);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
