package io.vecbox.cli;

import io.vecbox.supervisor.PoolStats;
import io.vecbox.supervisor.QueryResult;
import io.vecbox.supervisor.UpdateResult;
import io.vecbox.supervisor.WorkerCrashedException;
import io.vecbox.supervisor.WorkerInfo;
import io.vecbox.supervisor.WorkerPool;
import io.vecbox.supervisor.WorkerPoolException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vecbox shell}: an interactive SQL shell through a pool. Reads go to a reader, everything
 * else to the writer; a statement that crashes a worker prints the error and the shell goes on.
 * With a terminal it uses JLine (line editing, history); otherwise it reads stdin line by line
 * with no prompts, so it can be scripted.
 */
@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"Interactive SQL through a vecbox pool (1 writer + 1 reader worker).",
                "End statements with ';'. select/with/values/explain/pragma run on the read-only reader,",
                "everything else on the writer. Type .help for dot commands."})
final class ShellCommand implements Callable<Integer> {
    static final String HELP = String.join(System.lineSeparator(),
            ".tables              list tables",
            ".schema [TABLE]      show CREATE statements",
            ".stats               pool counters and workers",
            ".timeout DURATION    query deadline, e.g. 500ms, 5s (restarts the pool's workers)",
            ".mode table|csv|json output format",
            ".help                this text",
            ".quit                leave (also .exit or end of input)");

    @Mixin
    GlobalOptions global;

    @Option(names = "--db", required = true, paramLabel = "FILE",
            description = "The database file (created, with a note, if missing).")
    Path db;

    @Mixin
    QueryPoolOptions options;

    @Option(names = "--mode", paramLabel = "table|csv|json", defaultValue = "table",
            description = "Initial output format (default: ${DEFAULT-VALUE}).")
    OutputFormat mode;

    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private WorkerPool pool;
    private boolean interactive;

    @Override
    public Integer call() throws IOException {
        options.validate();
        Path parent = db.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw CliException.usage("directory of --db does not exist: " + parent);
        }
        if (Files.exists(db) && !Files.isRegularFile(db)) {
            throw CliException.usage("not a database file: " + db);
        }
        boolean created = !Files.exists(db);
        interactive = System.console() != null;
        pool = options.open("shell", db, options.timeout);
        try (LineInput input = interactive ? JLineInput.open() : new PlainInput()) {
            if (created) {
                err.println("note: created a new database " + db);
            }
            if (interactive) {
                out.println("vecbox shell on " + db + " (1 writer + 1 reader worker, query timeout "
                        + DurationConverter.format(options.timeout) + "). End statements with ';', .help for help.");
            }
            loop(input);
        } finally {
            pool.close();
        }
        return 0;
    }

    private void loop(LineInput input) throws IOException {
        StatementSplitter splitter = new StatementSplitter();
        while (true) {
            String line = input.readLine(splitter.pending() ? "   ...> " : "vecbox> ");
            if (line == null) {
                String rest = splitter.drain();
                if (!rest.isEmpty()) {
                    run(rest); // a last statement without ';'
                }
                return;
            }
            if (line == LineInput.INTERRUPTED) {
                splitter.drain();
                continue;
            }
            if (!splitter.pending() && line.strip().startsWith(".")) {
                if (!dot(line.strip())) {
                    return;
                }
                continue;
            }
            for (String sql : splitter.add(line)) {
                run(sql);
            }
        }
    }

    private void run(String sql) {
        try {
            if (StatementSplitter.isQuery(sql)) {
                QueryResult r = pool.query(sql);
                ResultPrinter.print(r, mode, out);
                if (mode == OutputFormat.table) {
                    out.printf("(%d row%s, %d ms, %s%s)%n", r.size(), r.size() == 1 ? "" : "s", r.elapsed().toMillis(),
                            r.worker(), r.truncated() ? ", truncated by --max-rows/size limit" : "");
                }
            } else {
                long t0 = System.nanoTime();
                UpdateResult u = pool.execute(sql);
                out.printf("ok: %d row%s changed (%d ms)%n", u.changes(), u.changes() == 1 ? "" : "s",
                        (System.nanoTime() - t0) / 1_000_000);
            }
        } catch (WorkerPoolException | IllegalArgumentException e) {
            error(e);
        }
    }

    private void error(Exception e) {
        out.flush();
        // a crash report's stderr tail is already in the WARN log line above; keep the error to its head
        err.println("Error: " + (e instanceof WorkerCrashedException && !GlobalOptions.verbose()
                ? DemoCommand.headOf(e.getMessage()) : e.getMessage()));
        if (GlobalOptions.verbose()) {
            e.printStackTrace(err);
        }
        err.flush();
    }

    /** @return false to leave the shell */
    private boolean dot(String line) {
        String[] words = line.split("\\s+");
        String cmd = words[0].toLowerCase(Locale.ROOT);
        try {
            switch (cmd) {
                case ".quit", ".exit", ".q" -> {
                    return false;
                }
                case ".help" -> out.println(HELP);
                case ".tables" -> {
                    QueryResult r = pool.query("select name from sqlite_schema where type in ('table', 'view') "
                            + "and name not like 'sqlite_%' order by name");
                    StringBuilder sb = new StringBuilder();
                    for (var row : r) {
                        sb.append(row.getString(0)).append(System.lineSeparator());
                    }
                    out.print(sb);
                }
                case ".schema" -> {
                    QueryResult r = words.length > 1
                            ? pool.query("select sql from sqlite_schema where sql is not null and tbl_name = ? "
                                    + "order by type desc, name", words[1])
                            : pool.query("select sql from sqlite_schema where sql is not null "
                                    + "and name not like 'sqlite_%' order by tbl_name, type desc, name");
                    for (var row : r) {
                        out.println(row.getString(0) + ";");
                    }
                }
                case ".stats" -> stats();
                case ".mode" -> {
                    if (words.length != 2) {
                        out.println("mode: " + mode);
                    } else {
                        try {
                            mode = OutputFormat.valueOf(words[1].toLowerCase(Locale.ROOT));
                        } catch (IllegalArgumentException e) {
                            err.println("Error: .mode takes table, csv or json: " + words[1]);
                        }
                    }
                }
                case ".timeout" -> {
                    if (words.length != 2) {
                        out.println("query timeout: " + DurationConverter.format(pool.config().queryTimeout()));
                    } else {
                        Duration d;
                        try {
                            d = DurationConverter.parse(words[1]);
                        } catch (CommandLine.TypeConversionException e) {
                            err.println("Error: " + e.getMessage());
                            return true;
                        }
                        WorkerPool next = options.open("shell", db, d);
                        WorkerPool old = pool;
                        pool = next;
                        old.close();
                        out.println("query timeout: " + DurationConverter.format(d) + " (pool restarted)");
                    }
                }
                default -> err.println("Error: unknown command " + words[0] + "; .help lists them");
            }
        } catch (WorkerPoolException | IllegalArgumentException e) {
            error(e);
        }
        return true;
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
            out.printf("  %-12s %-6s %-8s pid %d%n", w.name(), w.role(), w.state(), w.pid());
        }
    }

    /** Where lines come from. */
    interface LineInput extends AutoCloseable {
        /** Returned (by identity) when the user pressed Ctrl-C: drop the partial statement. */
        String INTERRUPTED = new String("^C");

        /** @return the next line, {@link #INTERRUPTED}, or null at the end of input */
        String readLine(String prompt) throws IOException;

        @Override
        void close() throws IOException;
    }

    /** Plain stdin, no prompts: for pipes, scripts and tests. */
    static final class PlainInput implements LineInput {
        private final BufferedReader reader =
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

        @Override
        public String readLine(String prompt) throws IOException {
            return reader.readLine();
        }

        @Override
        public void close() {
            // stdin belongs to the process
        }
    }
}
