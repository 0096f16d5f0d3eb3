package io.vecbox.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The command line of {@code vecbox-bench.jar}: {@code [jmh|lifecycle|replica] [--quick] [--out FILE]
 * [--cli-jar FILE] [--dir DIR] [--keep] [--standby-writer] [--rows-1m] [--litestream FILE]}. In
 * {@code jmh} mode every argument this class does not know is passed on to JMH. Immutable.
 *
 * @param mode what to run
 * @param quick smaller data and fewer iterations (a smoke run of a minute or two)
 * @param out where the markdown report goes
 * @param cliJar the {@code vecbox} CLI jar for the one-shot query timing, or null to look in the
 *     usual place ({@code cli/target/vecbox.jar})
 * @param dir the working directory (databases), or null for a fresh temporary one
 * @param keep whether to keep a temporary working directory at the end
 * @param standbyWriter whether the failover pool keeps a standby writer ({@code --standby-writer})
 * @param rows1m whether the KNN scaling cases (and the replica cases) also run over 1,000,000 vectors
 *     ({@code --rows-1m})
 * @param litestream the {@code litestream} binary for the replica cases ({@code --litestream}), or null for
 *     the {@code litestream} module's
 * @param help whether usage was asked for
 * @param jmhArgs the arguments passed on to JMH ({@code jmh} mode only)
 */
public record BenchOptions(Mode mode, boolean quick, Path out, Path cliJar, Path dir, boolean keep,
                           boolean standbyWriter, boolean rows1m, Path litestream, boolean help,
                           List<String> jmhArgs) {
    /** The default report file, relative to the current directory. */
    public static final Path DEFAULT_OUT = Path.of("bench", "target", "side-by-side.md");
    /** The default report file of {@code replica}, relative to the current directory. */
    public static final Path REPLICA_OUT = Path.of("bench", "target", "replica.md");

    /** What a run measures. */
    public enum Mode {
        /** In-process sqlite-jdbc + sqlite-vec against a pool, plus the lifecycle cases (no argument). */
        SIDE_BY_SIDE,
        /** The JMH micro benchmarks ({@code jmh}). */
        JMH,
        /** Pool build, worker start, idle RSS, one-shot CLI query and failover only ({@code lifecycle}). */
        LIFECYCLE,
        /** Litestream snapshot, restore and catch-up, and a read-only pool's file swap ({@code replica}). */
        REPLICA
    }

    public static final String USAGE = String.join("\n",
            "usage: java -jar vecbox-bench.jar [jmh|lifecycle|replica] [options]",
            "  (no mode)      side-by-side harness: in-process sqlite-jdbc + sqlite-vec vs a vecbox pool",
            "  jmh            JMH micro benchmarks; unknown arguments go to JMH (e.g. -f 2 -i 10 Gate)",
            "  lifecycle      pool build, worker start, idle RSS, one-shot vecbox query, failover",
            "  replica        Litestream snapshot, restore and catch-up, and a read-only pool's file swap",
            "options:",
            "  --quick        small data, few iterations (a smoke run of a minute or two; numbers are rough)",
            "  --out FILE     markdown report (default " + DEFAULT_OUT + "; replica: " + REPLICA_OUT + ")",
            "  --cli-jar FILE the vecbox CLI jar for the one-shot query timing (default cli/target/vecbox.jar)",
            "  --dir DIR      working directory; data already there is reused (default: a temporary directory)",
            "  --keep         keep the temporary working directory",
            "  --standby-writer  the failover pool keeps a standby writer (WorkerPool.Builder.standbyWriter)",
            "  --rows-1m      the KNN scaling (and replica) cases also run over 1,000,000 vectors",
            "                 (a long load the first time)",
            "  --litestream FILE  the litestream binary for the replica cases (default: the litestream module's)",
            "  -h, --help     this text");

    public BenchOptions {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(out, "out");
        jmhArgs = List.copyOf(jmhArgs);
    }

    /**
     * @param args the command line
     * @return the options
     * @throws IllegalArgumentException for an unknown option or a missing value, naming it
     */
    public static BenchOptions parse(String... args) {
        Mode mode = Mode.SIDE_BY_SIDE;
        int i = 0;
        if (args.length > 0 && !args[0].startsWith("-")) {
            mode = switch (args[0]) {
                case "jmh" -> Mode.JMH;
                case "lifecycle" -> Mode.LIFECYCLE;
                case "replica" -> Mode.REPLICA;
                default -> throw new IllegalArgumentException("unknown mode: " + args[0]
                        + " (jmh, lifecycle or replica)");
            };
            i = 1;
        }
        boolean quick = false;
        boolean keep = false;
        boolean standbyWriter = false;
        boolean rows1m = false;
        boolean help = false;
        Path out = null;
        Path cliJar = null;
        Path dir = null;
        Path litestream = null;
        List<String> jmhArgs = new ArrayList<>();
        for (; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            switch (name) {
                case "--quick" -> quick = true;
                case "--keep" -> keep = true;
                case "--standby-writer" -> standbyWriter = true;
                case "--rows-1m" -> rows1m = true;
                case "-h", "--help" -> help = true;
                case "--out", "--cli-jar", "--dir", "--litestream" -> {
                    String value = inline;
                    if (value == null) {
                        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                            throw new IllegalArgumentException(name + " needs a value");
                        }
                        value = args[++i];
                    }
                    if (value.isBlank()) {
                        throw new IllegalArgumentException(name + " needs a value");
                    }
                    Path path = Path.of(value);
                    switch (name) {
                        case "--out" -> out = path;
                        case "--cli-jar" -> cliJar = path;
                        case "--litestream" -> litestream = path;
                        default -> dir = path;
                    }
                }
                default -> {
                    if (mode != Mode.JMH) {
                        throw new IllegalArgumentException("unknown option: " + arg);
                    }
                    jmhArgs.add(arg);
                }
            }
        }
        if (out == null) {
            out = mode == Mode.REPLICA ? REPLICA_OUT : DEFAULT_OUT;
        }
        return new BenchOptions(mode, quick, out, cliJar, dir, keep, standbyWriter, rows1m, litestream, help,
                jmhArgs);
    }
}
