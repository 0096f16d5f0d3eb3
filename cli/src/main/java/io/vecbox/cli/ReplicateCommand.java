package io.vecbox.cli;

import io.vecbox.litestream.LitestreamException;
import io.vecbox.litestream.Replicator;
import io.vecbox.litestream.ReplicatorListener;
import io.vecbox.supervisor.WorkerPool;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vecbox replicate}: the primary. Opens the database with a writer pool that leaves
 * checkpoints to Litestream ({@code checkpointOnClose(false)}, {@code walAutocheckpoint(0)}), runs
 * Litestream beside it, and takes SQL on stdin exactly as {@code vecbox shell} does, so that the
 * primary can be written to through the command. Ends at the end of input, {@code .quit}, or
 * SIGTERM: the pool closes first, then Litestream ships what it has not shipped yet and stops.
 */
@Command(name = "replicate", mixinStandardHelpOptions = true,
        description = {"Run a database as a primary replicated with Litestream (bundled, v0.3.13) to a replica URL, "
                + "and take SQL on stdin as vecbox shell does (statements end with ';', .help for the dot commands).",
                "The replica URL is any Litestream 0.3.13 accepts: file:///abs/dir, s3://bucket/path, "
                        + "sftp://user@host/path, ... (credentials through Litestream's own environment variables).",
                "Status lines go to stderr: where the replica is, each restart of Litestream and, without a terminal, "
                        + "each sync.",
                "Ends at the end of input, .quit or SIGTERM: the writer closes without a checkpoint, then Litestream "
                        + "ships the last writes and stops. Without a terminal, the exit code is 1 if a statement "
                        + "failed."},
        footer = {"", "Example:", "  vecbox replicate --db app.db --to file:///srv/replicas/app < writes.sql"})
final class ReplicateCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(names = "--db", required = true, paramLabel = "FILE",
            description = "The primary database file (created, with a note, if missing).")
    Path db;

    @Option(names = "--to", required = true, paramLabel = "URL", description = "The replica URL.")
    String to;

    @Option(names = "--sync-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "1s", description = "How often Litestream ships new writes (default: ${DEFAULT-VALUE}).")
    Duration syncInterval;

    @Mixin
    QueryPoolOptions options;

    @Mixin
    SessionOptions session;

    private final PrintStream err = System.err;

    @Override
    public Integer call() throws IOException {
        options.validate();
        checkReplicaUrl("--to", to);
        boolean created = ShellCommand.checkDatabase(db);
        WorkerPool pool = open(options.timeout);
        if (created) {
            err.println("note: created a new database " + db);
        }
        Replicator replicator;
        try {
            replicator = Replicator.builder(db, to).name("replicate").syncInterval(syncInterval)
                    .listener(new Status(err, System.console() == null)).start();
        } catch (LitestreamException | IllegalArgumentException e) {
            pool.close();
            throw new CliException(CliException.FAILED, "cannot start Litestream: " + e.getMessage(), e);
        }
        err.println("vecbox: replicating " + db + " to " + to + " (litestream pid "
                + replicator.process().map(p -> Long.toString(p.pid())).orElse("?") + ", sync every "
                + DurationConverter.format(syncInterval) + ")");
        err.flush();
        // SIGTERM: close the writer first, then let Litestream ship the rest. The pool's own hook
        // may close it first; closing twice is harmless.
        Thread hook = new Thread(() -> {
            pool.close();
            replicator.close();
        }, "vecbox-replicate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        String banner = "vecbox replicate: " + db + " -> " + to + " (query timeout "
                + DurationConverter.format(options.timeout) + "). End statements with ';', .help for help.";
        int exit;
        try {
            exit = session.shell(options).session(pool, this::open, banner);
        } finally {
            replicator.close(); // after the session closed the pool
            removeHook(hook);
        }
        err.println("vecbox: stopped replicating; " + replicator.syncs() + " syncs, " + replicator.restarts()
                + " Litestream restarts" + replicator.lastPosition().map(p -> ", replica at " + p).orElse(""));
        return exit;
    }

    /**
     * Checks a replica URL option: a scheme, then {@code ://}, then something; Litestream judges the rest.
     *
     * @param option the option's name, for the message
     * @param url its value
     * @throws CliException (usage) if it is no URL
     */
    static void checkReplicaUrl(String option, String url) {
        if (!url.matches("[A-Za-z][A-Za-z0-9+.-]*://.+")) {
            throw CliException.usage(option + " must be a replica URL such as file:///abs/dir or s3://bucket/path: "
                    + url);
        }
    }

    private WorkerPool open(Duration queryTimeout) {
        return Pools.builder("replicate", db, 1, queryTimeout, options.maxRows, options.trusted, true)
                .checkpointOnClose(false).walAutocheckpoint(0).build();
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs or ran
        }
    }

    /** Status lines on stderr; at an interactive prompt only the restarts, which matter. */
    private static final class Status implements ReplicatorListener {
        private final PrintStream err;
        private final boolean syncs;

        Status(PrintStream err, boolean syncs) {
            this.err = err;
            this.syncs = syncs;
        }

        @Override
        public void synced(Replicator replicator, String position) {
            if (syncs) {
                err.println("vecbox: synced, replica at " + position);
            }
        }

        @Override
        public void exited(Replicator replicator, int exitCode, String outputTail) {
            err.println("vecbox: Litestream exited with " + exitCode + "; restarting it");
        }

        @Override
        public void started(Replicator replicator, long pid, int restarts) {
            if (restarts > 0) {
                err.println("vecbox: Litestream restarted (pid " + pid + ", restart " + restarts + ")");
            }
        }
    }
}
