package io.vecbox.cli;

import io.vecbox.supervisor.PoolStats;
import io.vecbox.supervisor.QueryResult;
import io.vecbox.supervisor.UpdateResult;
import io.vecbox.supervisor.WorkerCrashedException;
import io.vecbox.supervisor.WorkerInfo;
import io.vecbox.supervisor.WorkerPool;
import io.vecbox.supervisor.WorkerPoolException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * Runs the shell's statements and dot commands on a pool and prints their results. A statement
 * in flight can be cancelled from another thread ({@link #interrupt()}, called on Ctrl-C): a
 * query's future is cancelled, which cancels it in its worker; a write runs on a helper thread
 * whose interrupt does the same for the writer. The pool keeps working either way.
 *
 * <p>Statements run one at a time from one thread; {@link #interrupt()} may come from any thread.
 */
final class ShellRunner implements AutoCloseable {
    /** What one line of input did. */
    enum Outcome {
        OK, FAILED, QUIT
    }

    private final PrintStream out;
    private final PrintStream err;
    private final Function<Duration, WorkerPool> reopen;
    /** Writes wait here, so that a Ctrl-C can interrupt the wait (which cancels the write). */
    private final ExecutorService writes = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vecbox-shell-write");
        t.setDaemon(true);
        return t;
    });
    private WorkerPool pool;
    private OutputFormat mode;

    // guarded by this: the statement in flight, if any
    private boolean busy;
    private boolean interrupted;
    private Future<?> running;

    /**
     * @param pool the pool to run on; closed by {@link #close()}
     * @param mode the initial output format
     * @param reopen opens a pool with another query deadline, for {@code .timeout}
     */
    ShellRunner(WorkerPool pool, OutputFormat mode, Function<Duration, WorkerPool> reopen, PrintStream out,
                PrintStream err) {
        this.pool = pool;
        this.mode = mode;
        this.reopen = reopen;
        this.out = out;
        this.err = err;
    }

    /**
     * Cancels the statement in flight. Called from a signal handler thread.
     *
     * @return false if no statement was running
     */
    synchronized boolean interrupt() {
        if (!busy) {
            return false;
        }
        interrupted = true;
        if (running != null) {
            running.cancel(true);
        }
        return true;
    }

    private synchronized void begin() {
        busy = true;
        interrupted = false;
        running = null;
    }

    private synchronized void track(Future<?> future) {
        running = future;
        if (interrupted) {
            future.cancel(true);
        }
    }

    private synchronized void end() {
        busy = false;
        running = null;
    }

    /**
     * @param sql one statement, without its {@code ;}
     * @return {@link Outcome#OK} or {@link Outcome#FAILED} (the error is printed)
     */
    Outcome statement(String sql) {
        String control = StatementSplitter.transactionControl(sql);
        if (control != null) {
            return failed("transaction control (" + control + ") is not available here: the shell commits every "
                    + "statement on its own");
        }
        boolean query = StatementSplitter.isQuery(sql);
        begin();
        try {
            if (query) {
                QueryResult r = await(pool.queryAsync(sql));
                ResultPrinter.print(r, mode, out);
                if (mode == OutputFormat.table) {
                    out.printf("(%s, %d ms, %s%s)%n", Plural.count(r.size(), "row"), r.elapsed().toMillis(),
                            r.worker(), r.truncated() ? ", truncated by --max-rows/size limit" : "");
                }
            } else {
                long t0 = System.nanoTime();
                UpdateResult u = await(writes.submit(() -> pool.execute(sql)));
                if (!u.columns().isEmpty()) {
                    ResultPrinter.print(u.returned(), mode, out); // RETURNING rows, or a reporting pragma's
                }
                out.printf("ok: %s changed (%d ms)%n", Plural.count(u.changes(), "row"),
                        (System.nanoTime() - t0) / 1_000_000);
            }
            return Outcome.OK;
        } catch (CancellationException e) {
            return failed("Cancelled: " + (query ? "the query was interrupted"
                    : "the write was interrupted and rolled back, unless it had already finished"), true);
        } catch (WorkerPoolException | IllegalArgumentException e) {
            return failed(e);
        } finally {
            end();
        }
    }

    private <T> T await(Future<T> future) {
        track(future);
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new CancellationException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new WorkerPoolException("request failed: " + e.getCause(), e.getCause());
        }
    }

    private Outcome failed(Exception e) {
        // a crash report's stderr tail is already in the WARN log line above; keep the error to its head
        String message = e instanceof WorkerCrashedException && !GlobalOptions.verbose()
                ? DemoCommand.headOf(e.getMessage()) : e.getMessage();
        failed(CliMessages.translate(message, "shell"));
        if (GlobalOptions.verbose()) {
            e.printStackTrace(err);
            err.flush();
        }
        return Outcome.FAILED;
    }

    private Outcome failed(String message) {
        return failed(message, false);
    }

    private Outcome failed(String message, boolean plain) {
        out.flush();
        err.println(plain ? message : "Error: " + message);
        err.flush();
        return Outcome.FAILED;
    }

    /**
     * @param line a dot command, e.g. {@code .tables}
     * @return what it did; {@link Outcome#QUIT} to leave the shell
     */
    Outcome dot(String line) {
        String[] words = line.split("\\s+");
        begin();
        try {
            return switch (words[0].toLowerCase(Locale.ROOT)) {
                case ".quit", ".exit", ".q" -> Outcome.QUIT;
                case ".help" -> {
                    out.println(ShellCommand.HELP);
                    yield Outcome.OK;
                }
                case ".tables" -> {
                    QueryResult r = await(pool.queryAsync("select name from sqlite_schema where type in ('table', "
                            + "'view') and name not like 'sqlite_%' order by name"));
                    r.forEach(row -> out.println(row.getString(0)));
                    yield Outcome.OK;
                }
                case ".schema" -> {
                    QueryResult r = await(words.length > 1
                            ? pool.queryAsync("select sql from sqlite_schema where sql is not null and tbl_name = ? "
                                    + "order by type desc, name", words[1])
                            : pool.queryAsync("select sql from sqlite_schema where sql is not null "
                                    + "and name not like 'sqlite_%' order by tbl_name, type desc, name"));
                    r.forEach(row -> out.println(row.getString(0) + ";"));
                    yield Outcome.OK;
                }
                case ".stats" -> {
                    stats();
                    yield Outcome.OK;
                }
                case ".mode" -> mode(words);
                case ".timeout" -> timeout(words);
                default -> failed("unknown command " + words[0] + "; .help lists them");
            };
        } catch (CancellationException e) {
            return failed("Cancelled", true);
        } catch (WorkerPoolException | IllegalArgumentException e) {
            return failed(e);
        } finally {
            end();
        }
    }

    private Outcome mode(String[] words) {
        if (words.length != 2) {
            out.println("mode: " + mode);
            return Outcome.OK;
        }
        try {
            mode = OutputFormat.valueOf(words[1].toLowerCase(Locale.ROOT));
            return Outcome.OK;
        } catch (IllegalArgumentException e) {
            return failed(".mode takes table, csv or json: " + words[1]);
        }
    }

    private Outcome timeout(String[] words) {
        if (words.length != 2) {
            out.println("query timeout: " + DurationConverter.format(pool.config().queryTimeout()));
            return Outcome.OK;
        }
        Duration d;
        try {
            d = DurationConverter.parse(words[1]);
        } catch (CommandLine.TypeConversionException e) {
            return failed(e.getMessage());
        }
        WorkerPool next = reopen.apply(d);
        WorkerPool old = pool;
        pool = next;
        old.close();
        out.println("query timeout: " + DurationConverter.format(d) + " (pool restarted)");
        return Outcome.OK;
    }

    private void stats() {
        PoolStats s = pool.stats();
        out.printf("workers %d (idle %d, busy %d, starting %d, unavailable %d), queued %d%n", s.workers(), s.idle(),
                s.busy(), s.starting(), s.unavailable(), s.queued());
        out.printf("completed %d, failed %d, crashes %d, restarts %d, timeouts %d, quarantined %d%n", s.completed(),
                s.failed(), s.crashes(), s.restarts(), s.timeouts(), s.quarantined());
        out.printf("latency p50 %.2f ms, p99 %.2f ms; query timeout %s%n", s.latencyP50().toNanos() / 1e6,
                s.latencyP99().toNanos() / 1e6, DurationConverter.format(pool.config().queryTimeout()));
        for (WorkerInfo w : pool.workers()) {
            out.printf("  %-12s %-7s %-8s pid %d%n", w.name(), w.role(), w.state(), w.pid());
        }
    }

    @Override
    public void close() {
        writes.shutdownNow();
        pool.close();
    }
}
