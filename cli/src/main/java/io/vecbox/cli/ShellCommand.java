package io.vecbox.cli;

import io.vecbox.supervisor.WorkerPool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jline.utils.Signals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vecbox shell}: an interactive SQL shell through a pool. Reads go to a reader, everything
 * else to the writer; a statement that crashes a worker prints the error and the shell goes on.
 * With a terminal it uses JLine (line editing, history); otherwise it reads stdin line by line
 * with no prompts, so it can be scripted, and its exit code says whether every statement worked.
 * Ctrl-C cancels the statement in flight (see {@link ShellRunner}).
 */
@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"Interactive SQL through a vecbox pool (1 writer + 1 reader worker).",
                "End statements with ';'. Statements that start with SELECT, WITH, VALUES, EXPLAIN or PRAGMA run "
                        + "on the read-only reader, all others on the writer, each in its own transaction. "
                        + "Type .help for the dot commands.",
                "Ctrl-C cancels the running statement and the shell goes on; at the prompt it clears the line. "
                        + "Ctrl-D or .quit leaves.",
                "Without a terminal the shell runs the script on stdin: every statement, even after one fails, "
                        + "then it exits with 1 if any failed and 0 if none did. --bail stops at the first "
                        + "failure instead."})
final class ShellCommand implements Callable<Integer> {
    static final String HELP = String.join(System.lineSeparator(),
            ".tables              list tables",
            ".schema [TABLE]      show CREATE statements",
            ".stats               pool counters and workers",
            ".timeout DURATION    query deadline, e.g. 500ms, 5s (restarts the pool's workers)",
            ".mode table|csv|json output format",
            ".help                this text",
            ".quit                leave (also .exit or end of input)",
            "Ctrl-C cancels the running statement; at the prompt it clears the line.");

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

    @Option(names = "--bail", description = "Stop a script (input without a terminal) at its first failed "
            + "statement, with exit code 1.")
    boolean bail;

    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private boolean interactive;
    private int statements;
    private int failures;

    @Override
    public Integer call() throws IOException {
        options.validate();
        boolean created = checkDatabase(db);
        WorkerPool pool = options.open("shell", db, options.timeout, true);
        if (created) {
            err.println("note: created a new database " + db);
        }
        return session(pool, d -> options.open("shell", db, d, true), "vecbox shell on " + db
                + " (1 writer + 1 reader worker, query timeout " + DurationConverter.format(options.timeout)
                + "). End statements with ';', .help for help.");
    }

    /**
     * Checks {@code --db} before a pool opens it.
     *
     * @param db the database file
     * @return true if it does not exist yet (the pool creates it)
     * @throws CliException (usage) if its directory does not exist or it is not a file
     */
    static boolean checkDatabase(Path db) {
        Path parent = db.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw CliException.usage("directory of --db does not exist: " + parent);
        }
        if (Files.exists(db) && !Files.isRegularFile(db)) {
            throw CliException.usage("not a database file: " + db);
        }
        return !Files.exists(db);
    }

    /**
     * Runs statements and dot commands from stdin (a terminal: interactive, with a prompt; else a
     * script) on {@code pool} until the end of input or {@code .quit}, then closes the pool.
     *
     * @param pool the pool; closed when the session ends
     * @param reopen opens the same pool with another query deadline ({@code .timeout})
     * @param banner printed first in an interactive session
     * @return the exit code: 0, or for a script with a failed statement {@link CliException#FAILED}
     */
    int session(WorkerPool pool, Function<Duration, WorkerPool> reopen, String banner) throws IOException {
        interactive = System.console() != null;
        try (ShellRunner runner = new ShellRunner(pool, mode, reopen, out, err);
             LineInput input = interactive ? JLineInput.open() : new PlainInput()) {
            // Ctrl-C while a statement runs cancels it; otherwise a script stops as it would have
            // without the handler, and a terminal's prompt handles it itself (it clears the line)
            input.onInterrupt(() -> {
                if (!runner.interrupt() && !interactive) {
                    System.exit(130);
                }
            });
            if (interactive) {
                out.println(banner);
            }
            loop(input, runner);
        }
        if (interactive || failures == 0) {
            return 0;
        }
        out.flush();
        err.println(bail ? "vecbox: stopped at the first failed statement (statement " + statements + ", --bail)"
                : "vecbox: " + failures + " of " + Plural.count(statements, "statement") + " failed");
        return CliException.FAILED;
    }

    private void loop(LineInput input, ShellRunner runner) throws IOException {
        StatementSplitter splitter = new StatementSplitter();
        while (true) {
            String line = input.readLine(splitter.pending() ? "   ...> " : "vecbox> ");
            if (line == null) {
                String rest = splitter.drain();
                if (!rest.isEmpty()) {
                    count(runner.statement(rest)); // a last statement without ';'
                }
                return;
            }
            if (line == LineInput.INTERRUPTED) {
                splitter.drain();
                continue;
            }
            if (!splitter.pending() && line.strip().startsWith(".")) {
                if (!count(runner.dot(line.strip()))) {
                    return;
                }
                continue;
            }
            for (String sql : splitter.add(line)) {
                if (!count(runner.statement(sql))) {
                    return;
                }
            }
        }
    }

    /** @return false to leave the shell */
    private boolean count(ShellRunner.Outcome outcome) {
        if (outcome == ShellRunner.Outcome.QUIT) {
            return false;
        }
        statements++;
        if (outcome == ShellRunner.Outcome.FAILED) {
            failures++;
            return !(bail && !interactive);
        }
        return true;
    }

    /** Where lines come from. */
    interface LineInput extends AutoCloseable {
        /** Returned (by identity) when the user pressed Ctrl-C: drop the partial statement. */
        String INTERRUPTED = new String("^C");

        /** @return the next line, {@link #INTERRUPTED}, or null at the end of input */
        String readLine(String prompt) throws IOException;

        /**
         * Runs {@code handler} on Ctrl-C (SIGINT) from now until {@link #close()}, instead of
         * ending the process. While a line is read, a terminal handles Ctrl-C itself.
         */
        void onInterrupt(Runnable handler);

        @Override
        void close() throws IOException;
    }

    /** Plain stdin, no prompts: for pipes, scripts and tests. */
    static final class PlainInput implements LineInput {
        private final BufferedReader reader =
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

        private Object previousHandler;

        @Override
        public String readLine(String prompt) throws IOException {
            return reader.readLine();
        }

        @Override
        public void onInterrupt(Runnable handler) {
            // Not installed if the process started with SIGINT ignored (a background job): then
            // there is no Ctrl-C to handle either.
            previousHandler = Signals.register("INT", handler);
        }

        @Override
        public void close() {
            // stdin belongs to the process
            if (previousHandler != null) {
                Signals.unregister("INT", previousHandler);
            }
        }
    }
}
