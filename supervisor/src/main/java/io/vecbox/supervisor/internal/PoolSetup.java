package io.vecbox.supervisor.internal;

import io.vecbox.nativelib.SqliteVec;
import io.vecbox.supervisor.PoolConfig;
import io.vecbox.supervisor.PoolSetupException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a pool's workers need on disk before the first one starts: the cache directory with the
 * worker jar, sqlite-vec and sqlite-jdbc's native library unpacked into it, the crash log
 * directory (pruned to {@link CrashLogs#MAX_KEPT} logs), and the database's directory.
 *
 * <p>Every failure is a {@link PoolSetupException} that names what could not be prepared, with
 * the cause kept; a temporary database directory created on the way is removed again. A read-only
 * pool's database must exist and be a SQLite database ({@link DatabaseFiles}); nothing is created
 * for it.
 *
 * @param database the database file, absolute
 * @param temporaryDirectory the directory made for a pool without a database file, or null
 * @param sqliteVec the sqlite-vec extension the workers load
 * @param launcher the worker command line
 */
record PoolSetup(Path database, Path temporaryDirectory, Path sqliteVec, WorkerLauncher launcher) {

    /**
     * @param config the pool's configuration
     * @return everything prepared
     * @throws PoolSetupException if anything cannot be
     */
    static PoolSetup prepare(PoolConfig config) {
        String name = config.name();
        Path cache = config.cacheDirectory();
        createDirectories(name, "the cache directory", cache);
        createDirectories(name, "the crash log directory", config.crashLogDirectory());
        pruneCrashLogs(name, config.crashLogDirectory());
        Path temporaryDirectory = null;
        Path database;
        if (config.database() == null) {
            try {
                temporaryDirectory = Files.createTempDirectory("vecbox-");
            } catch (IOException | UncheckedIOException e) {
                throw new PoolSetupException(name + " - cannot create a temporary directory for the database in "
                        + System.getProperty("java.io.tmpdir") + ": " + describe(e), e);
            }
            database = temporaryDirectory.resolve("vecbox.db");
        } else if (config.readOnly()) {
            database = config.database().toAbsolutePath();
            DatabaseFiles.checkReadable(name, database); // never created: something else maintains it
        } else {
            database = config.database().toAbsolutePath();
            if (database.getParent() != null) {
                createDirectories(name, "the database's directory", database.getParent());
            }
        }
        try {
            Path vec = step(name, "cannot prepare sqlite-vec", () -> sqliteVec(cache));
            Path jar = step(name, "cannot unpack the worker jar into " + cache, () -> WorkerJar.install(cache));
            Optional<Path> jdbc = step(name, "cannot unpack sqlite-jdbc's native library into " + cache,
                    () -> SqliteJdbcLibrary.install(jar, cache));
            return new PoolSetup(database, temporaryDirectory, vec, new WorkerLauncher(config, jar, jdbc, vec));
        } catch (PoolSetupException e) {
            if (temporaryDirectory != null) {
                try {
                    Files.deleteIfExists(temporaryDirectory);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /**
     * Deletes all but the newest {@link CrashLogs#MAX_KEPT} crash logs, logging what went.
     *
     * @param name the pool's name
     * @param directory the crash log directory
     */
    static void pruneCrashLogs(String name, Path directory) {
        List<Path> deleted = CrashLogs.prune(directory, CrashLogs.MAX_KEPT);
        if (!deleted.isEmpty()) {
            Logs.POOL.info("{} - deleted {} old crash log{} from {}, keeping the newest {}", name, deleted.size(),
                    deleted.size() == 1 ? "" : "s", directory, CrashLogs.MAX_KEPT);
        }
    }

    /** The override if one is set (it needs no cache), else the bundled binary for this platform. */
    private static Path sqliteVec(Path cache) {
        boolean overridden = isSet(System.getProperty(SqliteVec.OVERRIDE_PROPERTY))
                || isSet(System.getenv(SqliteVec.OVERRIDE_ENV));
        return overridden ? SqliteVec.path() : SqliteVec.extractTo(cache);
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    private static void createDirectories(String name, String what, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException | UncheckedIOException | SecurityException e) {
            throw new PoolSetupException(name + " - cannot create " + what + " " + dir + ": " + describe(e), e);
        }
    }

    /**
     * Runs a step whose failures (the native module's unchecked exceptions: unsupported platform,
     * I/O, a corrupted jar, a bad override) carry messages of their own.
     */
    private static <T> T step(String name, String what, Supplier<T> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            throw new PoolSetupException(name + " - " + what + ": " + describe(e), e);
        }
    }

    /** A reason that reads on its own: the JDK's file exceptions often hold nothing but a path. */
    static String describe(Throwable e) {
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " exists and is not a directory";
        }
        if (e instanceof AccessDeniedException f) {
            return "permission denied: " + f.getFile();
        }
        if (e instanceof NoSuchFileException f) {
            return "no such file or directory: " + f.getFile();
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.toString() : message;
    }
}
