package io.vecbox.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the library's error messages in the CLI's terms. The library's advice names its Java
 * API ({@code executeBatch}, {@code execute()}, builder options); a CLI user needs the shell's
 * routing, a command or an option instead. This is the one place where that mapping lives:
 * known phrases are replaced, builder option names become CLI options, and a remaining clause
 * that still names a library method is dropped rather than shown. Stateless.
 */
final class CliMessages {
    private static final String READER_ROUTING = "the shell sends statements that start with SELECT, WITH, VALUES,"
            + " EXPLAIN or PRAGMA to the read-only reader and all others to the writer";
    /** The library names its request kind (a method) where it refuses a second statement. */
    private static final Pattern ONE_STATEMENT = Pattern.compile(
            "\\b(query|execute|execute-many|batch) runs exactly one statement per SQL text");
    /** A clause (between semicolons) that speaks of the Java API. */
    private static final Pattern LIBRARY_API = Pattern.compile(
            "\\b(execute(Batch|Many|Async)?\\s*\\(|executeBatch|executeMany|queryAsync|WorkerPool|builder|pool\\.[a-z])");

    private CliMessages() {
    }

    /**
     * @param message a message from the library (or anything else)
     * @param command the CLI command that shows it: {@code shell}, {@code query}, {@code import}, ...
     * @return the message in CLI terms
     */
    static String translate(String message, String command) {
        if (message == null) {
            return null;
        }
        boolean shell = "shell".equals(command);
        String m = ONE_STATEMENT.matcher(message).replaceAll("vecbox runs exactly one statement at a time")
                .replace("; send them one by one, or as a list to executeBatch (one transaction)",
                        "; run them as separate statements")
                .replace("; run it through execute() on the writer", shell ? "; " + READER_ROUTING
                        : "; vecbox query only reads: run writes in vecbox shell")
                .replace("; run them through execute() on the writer", shell ? "; " + READER_ROUTING
                        : "; vecbox query only reads: run writes in vecbox shell")
                .replace(", or set pragmas through execute() on the writer", shell
                        ? ", or start the shell with --trusted to run PRAGMA statements on the read-only reader"
                        : ", or add --trusted to run PRAGMA statements on the read-only reader")
                .replace(" (group writes with executeBatch() on the writer)", shell
                        ? " (the shell commits every statement on its own)" : "")
                .replace(" (e.g. smaller executeMany batches)", "import".equals(command) ? " (a smaller --batch)" : "");
        if ("import".equals(command)) {
            m = m.replace(" - execute-many of ", " - a batch of ");
        }
        if (shell || "query".equals(command)) {
            m = m.replaceAll("\\bmaxRows\\b", "--max-rows").replaceAll("\\bqueryTimeout\\b", "--timeout");
        }
        return dropLibraryClauses(m);
    }

    /** Drops "; "-separated clauses that still name the Java API, keeping the first clause always. */
    private static String dropLibraryClauses(String message) {
        String[] clauses = message.split("; ", -1);
        List<String> kept = new ArrayList<>(clauses.length);
        for (int i = 0; i < clauses.length; i++) {
            String clause = clauses[i];
            Matcher m = LIBRARY_API.matcher(clause);
            if (!m.find()) {
                kept.add(clause);
            } else if (i == 0) {
                kept.add(firstClause(clause, m.start()));
            }
        }
        return String.join("; ", kept);
    }

    /**
     * The first clause says what happened, so it stays; only a tail "through execute()" is cut
     * (to "here"), any other mention is left rather than leave a broken sentence.
     */
    private static String firstClause(String clause, int apiAt) {
        int through = clause.lastIndexOf(" through ", apiAt);
        return through >= 0 ? clause.substring(0, through) + " here" : clause;
    }
}
