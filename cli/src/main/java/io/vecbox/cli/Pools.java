package io.vecbox.cli;

import io.vecbox.supervisor.SandboxPolicy;
import io.vecbox.supervisor.WorkerPool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Builds the pools the commands use. */
final class Pools {
    private Pools() {
    }

    /**
     * @param name the pool's name (prefix of its log lines)
     * @param database the database file
     * @param readers reader workers
     * @param queryTimeout deadline of a query
     * @param maxRows rows a query returns at most; past it (or the 16 MiB result size) the rows up to
     *     the limit are shown with a note, not an error
     * @param trusted true for {@link SandboxPolicy#trusted()} (the operator's own SQL), false for the
     *     library's default, {@link SandboxPolicy#untrusted()}
     * @param knnFastPath whether the reader starts with C2 for the KNN fast path: worth it for the
     *     shell's session, not for a one-shot command, whose single query would pay the reader's
     *     longer start and fill its cache for nothing
     * @return the started pool
     */
    static WorkerPool open(String name, Path database, int readers, Duration queryTimeout, int maxRows,
                           boolean trusted, boolean knnFastPath) {
        return builder(name, database, readers, queryTimeout, maxRows, trusted, knnFastPath).build();
    }

    /**
     * The builder behind {@link #open}, for commands that add options of their own; {@code database}
     * may be null for a pool whose file is set later (a replica's copy).
     */
    static WorkerPool.Builder builder(String name, Path database, int readers, Duration queryTimeout, int maxRows,
                                      boolean trusted, boolean knnFastPath) {
        WorkerPool.Builder b = WorkerPool.builder().name(name);
        if (database != null) {
            b.database(database);
        }
        return b
                .readers(readers)
                .queryTimeout(queryTimeout)
                .maxRows(maxRows)
                .truncateResults(true) // the CLI shows the first rows and notes the cut
                .sandbox(trusted ? SandboxPolicy.trusted() : SandboxPolicy.untrusted())
                .knnFastPath(knnFastPath);
    }

    /**
     * @param database a --db value
     * @return it, if it names an existing regular file
     * @throws CliException (usage) otherwise: the CLI never creates a database by accident
     */
    static Path existing(Path database) {
        if (!Files.exists(database)) {
            throw CliException.usage("database not found: " + database);
        }
        if (!Files.isRegularFile(database)) {
            throw CliException.usage("not a database file: " + database);
        }
        return database;
    }

    static String identifier(String name, String what) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw CliException.usage(what + " must be a plain SQL name ([A-Za-z_][A-Za-z0-9_]*): " + name);
        }
        return name;
    }
}
