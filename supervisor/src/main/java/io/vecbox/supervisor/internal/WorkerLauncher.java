package io.vecbox.supervisor.internal;

import io.vecbox.protocol.Role;
import io.vecbox.supervisor.PoolConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Builds the worker command line and starts the process. The pool's {@code jvmOptions} follow the
 * defaults, with any unified logging to stdout sent to stderr ({@link DiagnosticOptions}). With
 * class-data sharing on, each start
 * adds {@code -XX:SharedArchiveFile} once an intact archive exists, and the first start without
 * one has it made in the background (see {@link ClassDataArchive}). Thread-safe.
 */
public final class WorkerLauncher {
    private final PoolConfig config;
    private final Path sqliteVec;
    private final Flavour writer;
    private final Flavour reader;

    /**
     * One command line, its class-data archive and its training: the writer's, and the readers'
     * (the same unless {@link PoolConfig#knnFastPath()} gives readers their compiler options).
     */
    private static final class Flavour {
        final List<String> command;
        /** Where {@code -XX:SharedArchiveFile} goes: right after the java executable. */
        final int javaIndex;
        final ClassDataArchive archive;
        final List<String> trainingCommand;

        Flavour(PoolConfig config, List<String> options, List<String> jvmOptions, Path workerJar) {
            List<String> cmd = new ArrayList<>(config.commandPrefix());
            cmd.add(javaExecutable());
            this.javaIndex = cmd.size();
            cmd.addAll(options);
            cmd.addAll(jvmOptions);
            cmd.add("-jar");
            cmd.add(workerJar.toString());
            this.command = List.copyOf(cmd);
            if (config.classDataSharing()) {
                List<String> training = new ArrayList<>();
                training.add(javaExecutable());
                training.addAll(options);
                training.addAll(ClassDataArchive.shapingOptions(DiagnosticOptions.withoutRecordings(jvmOptions)));
                training.add("-jar");
                training.add(workerJar.toString());
                this.trainingCommand = List.copyOf(training);
                List<String> keyed = new ArrayList<>(options);
                keyed.addAll(jvmOptions);
                this.archive = ClassDataArchive.forWorker(config.cacheDirectory(), workerJar, keyed);
            } else {
                this.trainingCommand = List.of();
                this.archive = null;
            }
        }
    }

    /**
     * @param config the pool's configuration
     * @param workerJar the unpacked worker jar
     * @param sqliteJdbcLibrary sqlite-jdbc's unpacked native library, or empty to let sqlite-jdbc
     *     unpack its own (see {@link SqliteJdbcLibrary})
     * @param sqliteVec the extension, which a class-data training run loads
     */
    WorkerLauncher(PoolConfig config, Path workerJar, Optional<Path> sqliteJdbcLibrary, Path sqliteVec) {
        this.config = config;
        this.sqliteVec = sqliteVec;
        List<String> options = new ArrayList<>(defaultJvmOptions(config.crashLogDirectory()));
        sqliteJdbcLibrary.ifPresent(library -> options.addAll(SqliteJdbcLibrary.jvmOptions(library)));
        List<String> jvmOptions = DiagnosticOptions.toStderr(config.jvmOptions());
        String changed = DiagnosticOptions.changes(config.jvmOptions(), jvmOptions);
        if (!changed.isEmpty()) {
            Logs.POOL.info("{} - jvmOptions: {}: a worker's stdout carries the protocol", config.name(), changed);
        }
        String recording = DiagnosticOptions.sharedRecordingFile(jvmOptions, f -> Files.isDirectory(Path.of(f)));
        if (recording != null) {
            Logs.POOL.warn("{} - jvmOptions: every worker writes its flight recording to {} as it exits, the last "
                    + "one wins; name an existing directory for one recording per worker", config.name(), recording);
        }
        this.writer = new Flavour(config, options, jvmOptions, workerJar);
        this.reader = config.knnFastPath() ? new Flavour(config, readerOptions(options), jvmOptions, workerJar) : writer;
    }

    /**
     * Pure: a reader's options for the KNN fast path, from the writer's: full tiered compilation
     * (C2, which needs at least two compiler threads) and the Vector API module.
     */
    static List<String> readerOptions(List<String> writerOptions) {
        List<String> out = new ArrayList<>();
        for (String o : writerOptions) {
            if (o.equals("-XX:TieredStopAtLevel=1")) {
                continue;
            }
            out.add(o.equals("-XX:CICompilerCount=1") ? "-XX:CICompilerCount=2" : o);
        }
        out.add(VECTOR_MODULE);
        return out;
    }

    /** Buckets of the interned-string table a worker starts with (the JVM's default: 65,536). */
    static final int STRING_TABLE_SIZE = 4096;

    /** The option that adds the JDK's Vector API (an incubator module in JDK 17) for readers. */
    static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";

    /**
     * The defaults keep a worker small and quick to start, and make every way it can die
     * visible: a heap cap with exit on OOM (a half-dead JVM is worse than a dead one), a crash
     * log in a known place, and no multi-hundred-megabyte core file per native crash. HotSpot
     * writes its own messages (OutOfMemoryError termination, fatal error banners) to file
     * descriptor 1, past any System.out redirect: DisplayVMOutputToStderr keeps them out of the
     * frame stream.
     *
     * <p>Memory: {@code -Xms8m} starts the heap small and lets it grow (to {@code -Xmx}) only as a
     * worker needs: without it the initial heap is 1/64 of the machine's memory, capped at
     * {@code -Xmx}, so on most machines all 256 MB are committed at once and the young generation
     * is so large that a worker never collects and keeps every page it ever allocated resident (a
     * reader that returned a few large results measured 327 MB resident, 140 MB with this; idle
     * workers about 0.7 MB less). {@code -XX:-UsePerfData} drops the 32 KB
     * {@code hsperfdata_<user>/<pid>} file each JVM maps in the temporary directory (and leaves
     * behind when killed); the price is that {@code jps} and {@code jstat} do not list workers
     * ({@code jcmd <pid>} still works). {@code -XX:CICompilerCount=1}: with C1 only
     * ({@code TieredStopAtLevel=1}) one compiler thread is enough for a worker's few hot methods,
     * and saves a thread and its compiler arena. {@code -Xss1m} stays: SQLite recursion (deep
     * expressions, triggers) runs on the request threads. {@code -XX:StringTableSize}: the JVM's
     * interned-string table starts with 65,536 buckets (512 KB, all written at start); a worker
     * interns a few thousand strings, and the table grows in the background past two per bucket:
     * {@value #STRING_TABLE_SIZE} buckets measured 0.5 MB less idle RSS per worker (writer 41.8 to
     * 41.3 MB, reader 45.2 to 44.9 MB).
     *
     * <p>Start: {@value #LOCALE_PROVIDERS} (on JDK 17 to 20; see {@link #localeOptions}). Every
     * connection sqlite-jdbc opens builds a date formatter up front (its {@code FastDateFormat}, for
     * dates bound or read as {@code java.util.Date}, which a worker never does: values reach it
     * normalised to numbers, text and blobs), and with the JDK's default CLDR locale data that first
     * formatter loads the CLDR provider, its calendar and time-zone data. The JDK's older locale data
     * are quicker to load: start to ready measured 135 to 115 ms (writer) and 173 to 145 ms (reader),
     * interleaved, 10 starts each, load average 2.2 to 2.7; idle RSS the same or 0.1 to 0.4 MB less.
     * Nothing a worker answers depends on the locale data.
     */
    public static List<String> defaultJvmOptions(Path crashLogDirectory) {
        List<String> options = new ArrayList<>(List.of(
                // Unified logging writes warnings to stdout by default, into the frame stream (a
                // class-data archive that does not fit says so there): all of it to stderr.
                "-Xlog:disable",
                "-Xlog:all=warning:stderr",
                // Grow the heap as needed instead of committing (and touching) -Xmx up front.
                "-Xms8m",
                "-Xmx256m",
                "-Xss1m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                // C1 only: one compiler thread is plenty, and one thread (stack, arena) fewer.
                "-XX:CICompilerCount=1",
                // A small interned-string table to start with (it grows as needed).
                "-XX:StringTableSize=" + STRING_TABLE_SIZE,
                // No hsperfdata file in the temporary directory (jps/jstat do not list workers).
                "-XX:-UsePerfData",
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:+DisplayVMOutputToStderr",
                "-XX:-CreateCoredumpOnCrash"));
        options.addAll(localeOptions(Runtime.version().feature()));
        options.add("-XX:ErrorFile=" + crashLogDirectory.resolve("hs_err_pid%p.log"));
        return List.copyOf(options);
    }

    /** The locale data a worker uses on JDKs that still have the older ones (see {@link #defaultJvmOptions}). */
    static final String LOCALE_PROVIDERS = "-Djava.locale.providers=COMPAT";

    /**
     * Pure: {@value #LOCALE_PROVIDERS} for a worker on JDK 17 to 20. JDK 21 and 22 warn on stderr
     * that it will go, and later JDKs removed the older locale data: there the default stays.
     *
     * @param feature the worker JVM's feature release (the host's: workers run its {@code java})
     */
    static List<String> localeOptions(int feature) {
        return feature < 21 ? List.of(LOCALE_PROVIDERS) : List.of();
    }

    private static String javaExecutable() {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java").toString();
    }

    /** @return the writer's command without the class-data option, as error messages name it */
    List<String> command() {
        return writer.command;
    }

    /** @return the command of a worker of this role, without the class-data option */
    List<String> command(Role role) {
        return flavour(role).command;
    }

    /** @return the writer's class-data archive, or null if sharing is off */
    ClassDataArchive archive() {
        return writer.archive;
    }

    /** @return the class-data archive of a worker of this role, or null if sharing is off */
    ClassDataArchive archive(Role role) {
        return flavour(role).archive;
    }

    private Flavour flavour(Role role) {
        return role == Role.READER ? reader : writer;
    }

    /**
     * @return the command of the next start of a worker of this role: {@link #command(Role)}, plus
     *     the class-data option when an intact archive exists (if none does, one is made in the
     *     background)
     */
    List<String> commandForStart(Role role) {
        Flavour f = flavour(role);
        if (f.archive == null) {
            return f.command;
        }
        Optional<List<String>> cds = f.archive.jvmOptions();
        if (cds.isEmpty()) {
            f.archive.trainInBackground(f.trainingCommand, sqliteVec);
            return f.command;
        }
        List<String> cmd = new ArrayList<>(f.command);
        cmd.addAll(f.javaIndex, cds.get());
        return cmd;
    }

    Process start(Role role) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(commandForStart(role));
        // The host's environment (credentials, tokens) is not the worker's business.
        pb.environment().clear();
        pb.environment().putAll(config.environment());
        return pb.start();
    }
}
