package io.vecbox.cli;

import io.vecbox.supervisor.WorkerPool;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options of the commands that run queries through a pool ({@code query}, {@code shell}). */
final class QueryPoolOptions {
    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "30s",
            description = "Query deadline, e.g. 500ms, 2s, 1m (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--trusted", description = "Run queries as trusted SQL: no sandbox statement gate or lowered "
            + "limits (readers stay read-only). Default: the untrusted sandbox policy.")
    boolean trusted;

    @Option(names = "--max-rows", paramLabel = "N", defaultValue = "10000",
            description = "Rows a query returns at most; more are cut off with a note (default: ${DEFAULT-VALUE}).")
    int maxRows;

    /** @throws CliException (usage) if an option is out of range */
    void validate() {
        if (maxRows < 1) {
            throw CliException.usage("--max-rows must be at least 1: " + maxRows);
        }
    }

    /**
     * @param name the pool's name
     * @param database the database file
     * @param queryTimeout the deadline, which the shell's {@code .timeout} may change
     * @param session true for a session of many queries (the shell), false for a one-shot query
     * @return a one-reader pool with these options
     */
    WorkerPool open(String name, Path database, Duration queryTimeout, boolean session) {
        return Pools.open(name, database, 1, queryTimeout, maxRows, trusted, session);
    }
}
