package io.vecbox.supervisor.internal;

import io.vecbox.supervisor.PoolConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Builds the worker command line and starts the process. */
public final class WorkerLauncher {
    private final List<String> command;
    private final PoolConfig config;

    /**
     * @param config the pool's configuration
     * @param workerJar the unpacked worker jar
     * @param sqliteJdbcLibrary sqlite-jdbc's unpacked native library, or empty to let sqlite-jdbc
     *     unpack its own (see {@link SqliteJdbcLibrary})
     */
    WorkerLauncher(PoolConfig config, Path workerJar, Optional<Path> sqliteJdbcLibrary) {
        this.config = config;
        List<String> cmd = new ArrayList<>(config.commandPrefix());
        cmd.add(javaExecutable());
        cmd.addAll(defaultJvmOptions(config.crashLogDirectory()));
        sqliteJdbcLibrary.ifPresent(library -> cmd.addAll(SqliteJdbcLibrary.jvmOptions(library)));
        cmd.addAll(config.jvmOptions());
        cmd.add("-jar");
        cmd.add(workerJar.toString());
        this.command = List.copyOf(cmd);
    }

    /**
     * The defaults keep a worker small and quick to start, and make every way it can die
     * visible: a heap cap with exit on OOM (a half-dead JVM is worse than a dead one), a crash
     * log in a known place, and no multi-hundred-megabyte core file per native crash. HotSpot
     * writes its own messages (OutOfMemoryError termination, fatal error banners) to file
     * descriptor 1, past any System.out redirect: DisplayVMOutputToStderr keeps them out of the
     * frame stream.
     */
    public static List<String> defaultJvmOptions(Path crashLogDirectory) {
        return List.of(
                "-Xmx256m",
                "-Xss1m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:+DisplayVMOutputToStderr",
                "-XX:-CreateCoredumpOnCrash",
                "-XX:ErrorFile=" + crashLogDirectory.resolve("hs_err_pid%p.log"));
    }

    private static String javaExecutable() {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java").toString();
    }

    List<String> command() {
        return command;
    }

    Process start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        // The host's environment (credentials, tokens) is not the worker's business.
        pb.environment().clear();
        pb.environment().putAll(config.environment());
        return pb.start();
    }
}
