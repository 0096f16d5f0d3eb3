package io.vecbox.cli;

import io.vecbox.litestream.LitestreamException;
import io.vecbox.litestream.RefresherListener;
import io.vecbox.litestream.RefresherStats;
import io.vecbox.litestream.ReplicaRefresher;
import io.vecbox.supervisor.WorkerPool;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vecbox replica}: a read replica. Restores the replica into a directory it owns, serves the
 * copy with a read-only pool, restores again every {@code --every} and swaps the fresh copy in. SQL on
 * stdin runs against the copy in service, as in {@code vecbox shell} (writes are refused); with
 * {@code --no-stdin} it only serves and prints a status line per swap until SIGTERM or Ctrl-C.
 */
@Command(name = "replica", mixinStandardHelpOptions = true,
        description = {"Keep a local copy of a Litestream replica fresh and query it: restore it every --every, "
                + "swap the fresh copy under a read-only pool (queries never fail or mix two copies), and run SQL "
                + "from stdin against it as vecbox shell does (writes are refused: this is a replica).",
                "Without a terminal, a status line per swap goes to stderr. With --no-stdin it only keeps the copy fresh, until SIGTERM "
                        + "or Ctrl-C."},
        footer = {"", "Example:", "  vecbox replica --from file:///srv/replicas/app --every 30s"})
final class ReplicaCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(names = "--from", required = true, paramLabel = "URL", description = "The replica URL.")
    String from;

    @Option(names = "--every", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "30s",
            description = "How often the replica is restored when it moved (default: ${DEFAULT-VALUE}).")
    Duration every;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Where the copies live; the command owns it (default: a new temporary directory).")
    Path dir;

    @Option(names = "--no-stdin", description = "Serve nothing on stdin: keep the copy fresh until SIGTERM or Ctrl-C.")
    boolean noStdin;

    @Mixin
    QueryPoolOptions options;

    @Mixin
    SessionOptions session;

    private final PrintStream err = System.err;

    @Override
    public Integer call() throws IOException, InterruptedException {
        options.validate();
        ReplicateCommand.checkReplicaUrl("--from", from);
        Path copies = dir != null ? dir : Files.createTempDirectory("vecbox-replica-");
        // status lines would break into an interactive prompt: only for scripts and --no-stdin
        boolean statusLines = noStdin || System.console() == null;
        ReplicaRefresher refresher;
        try {
            refresher = ReplicaRefresher.builder(from, copies).name("replica").period(every)
                    .listener(statusLines ? new Status(err) : new RefresherListener() { })
                    .pool(Pools.builder("replica", null, 1, options.timeout, options.maxRows, options.trusted, true))
                    .start();
        } catch (LitestreamException e) {
            throw new CliException(CliException.FAILED, e.getMessage(), e);
        }
        err.println("vecbox: serving " + refresher.currentCopy() + ", restored from " + from + " (every "
                + DurationConverter.format(every) + ")");
        err.flush();
        Thread hook = new Thread(refresher::close, "vecbox-replica-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int exit = 0;
        try {
            if (noStdin) {
                new CountDownLatch(1).await(); // until SIGTERM or Ctrl-C: the hook closes the refresher
            } else {
                WorkerPool pool = refresher.pool();
                exit = session.shell(options).session(pool, d -> {
                    throw CliException.usage(".timeout is not available in vecbox replica; start it with --timeout");
                }, "vecbox replica of " + from + " (read-only, query timeout " + DurationConverter.format(options.timeout)
                        + "). End statements with ';', .help for help.");
            }
        } finally {
            refresher.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down
            }
        }
        if (dir == null) {
            try {
                Files.deleteIfExists(copies); // ours, and the refresher deleted the copies in it
            } catch (IOException e) {
                err.println("vecbox: note: could not remove " + copies + ": " + e);
            }
        }
        RefresherStats s = refresher.stats();
        err.println("vecbox: stopped; " + s.restores() + " restores, " + s.swaps() + " swaps, " + s.failures()
                + " failures");
        return exit;
    }

    /** A status line on stderr per swap and per failed refresh. */
    private static final class Status implements RefresherListener {
        private final PrintStream err;

        Status(PrintStream err) {
            this.err = err;
        }

        @Override
        public void swapped(Path copy, RefresherStats stats) {
            if (stats.swaps() > 0) {
                err.println("vecbox: swapped to " + copy.getFileName() + " (replica lag "
                        + stats.lastLag().map(d -> d.toSeconds() + " s").orElse("unknown") + ")");
            }
        }

        @Override
        public void failed(RuntimeException failure, RefresherStats stats) {
            err.println("vecbox: a refresh failed, still serving " + stats.current().getFileName() + ": "
                    + failure.getMessage());
        }
    }
}
