package io.vecbox.supervisor.internal.sandbox;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Rule 5 of {@link StatementGate}: what kind of statement one statement's tokens are, from its
 * leading keyword. Kept apart from the gate because following {@code EXPLAIN} and a CTE list is
 * the only place the gate needs a little grammar.
 */
final class StatementKinds {
    private static final String WRITER = "run it through execute() on the writer";

    private StatementKinds() {
    }

    /**
     * @param statement the tokens of one statement, no {@code ;}, at least one token
     * @return empty for SELECT and VALUES (also behind EXPLAIN and WITH), else the violation
     */
    static Optional<Violation> check(List<Token> statement) {
        int i = 0;
        int n = statement.size();
        // SQLite takes one EXPLAIN; skipping any number costs nothing and keeps the loop simple.
        while (i < n && StatementGate.isKeyword(statement.get(i), "explain")) {
            i++;
            if (i + 1 < n && StatementGate.isKeyword(statement.get(i), "query")
                    && StatementGate.isKeyword(statement.get(i + 1), "plan")) {
                i += 2;
            }
        }
        if (i == n) {
            return StatementGate.deny(Violation.STATEMENT_KIND, "EXPLAIN without a statement to explain;"
                    + " follow it with a SELECT, WITH … SELECT or VALUES");
        }
        boolean behindWith = false;
        if (StatementGate.isKeyword(statement.get(i), "with")) {
            int withAt = statement.get(i).start();
            i = skipCommonTableExpressions(statement, i + 1);
            if (i < 0 || i >= n) {
                return StatementGate.deny(Violation.STATEMENT_KIND, "the WITH clause at position " + withAt
                        + " is not 'WITH [RECURSIVE] name [(columns)] AS [[NOT] MATERIALIZED] (select), …'"
                        + " followed by a statement; write it in that form, followed by SELECT or VALUES");
            }
            behindWith = true;
        }
        Token lead = statement.get(i);
        String keyword = lead.type() == Token.Type.WORD ? StatementGate.asciiLowerCase(lead.text()) : "";
        String shown = keyword.toUpperCase(Locale.ROOT) + (behindWith ? " behind WITH" : "");
        return switch (keyword) {
            case "select", "values" -> Optional.empty();
            case "insert", "update", "delete", "replace" -> StatementGate.deny(Violation.WRITE,
                    "writes (" + shown + ") are not allowed in untrusted queries; run them through execute() on"
                    + " the writer");
            case "create", "drop", "alter" -> StatementGate.deny(Violation.DDL,
                    "schema changes (" + shown + ") are not allowed in untrusted queries; run them through"
                    + " execute() on the writer");
            case "attach", "detach" -> StatementGate.deny(Violation.ATTACH, shown
                    + " is not allowed in untrusted queries: a query sees only its pool's database;"
                    + " open another pool to query another file");
            case "vacuum" -> StatementGate.deny(Violation.VACUUM, "VACUUM (also VACUUM INTO) is not allowed in"
                    + " untrusted queries; " + WRITER);
            case "pragma" -> StatementGate.deny(Violation.PRAGMA, "PRAGMA statements are not allowed in"
                    + " untrusted queries; read schema information with an allowed table-valued function,"
                    + " e.g. SELECT * FROM pragma_table_info('items'), or set pragmas through execute() on"
                    + " the writer");
            case "begin", "commit", "end", "rollback", "savepoint", "release" -> StatementGate.deny(
                    Violation.TRANSACTION, "transaction control (" + shown + ") is not allowed in untrusted"
                            + " queries; each query runs alone in its own read transaction (group writes with"
                            + " executeBatch() on the writer)");
            case "reindex", "analyze" -> StatementGate.deny(Violation.MAINTENANCE, shown
                    + " is not allowed in untrusted queries; " + WRITER);
            default -> StatementGate.deny(Violation.STATEMENT_KIND, "a statement starting with '"
                    + StatementGate.quote(lead) + "' (position " + lead.start() + ") cannot run as an untrusted"
                    + " query; only SELECT, WITH … SELECT, VALUES and EXPLAIN [QUERY PLAN] of those can");
        };
    }

    /**
     * Skips {@code [RECURSIVE] name [(columns)] AS [[NOT] MATERIALIZED] ( … ) [, …]}.
     *
     * @param from the index just after WITH
     * @return the index of the token after the CTE list, or -1 if the list is not of that shape
     */
    private static int skipCommonTableExpressions(List<Token> statement, int from) {
        int n = statement.size();
        int i = from;
        if (i < n && StatementGate.isKeyword(statement.get(i), "recursive")) {
            i++;
        }
        while (true) {
            // SQLite's nm: an identifier, a keyword usable as one, or a string literal.
            if (i >= n || !(StatementGate.isIdentifier(statement.get(i)) || statement.get(i).type() == Token.Type.STRING)) {
                return -1;
            }
            i++;
            if (i < n && statement.get(i).type() == Token.Type.LEFT_PAREN) {
                i = skipParenthesized(statement, i);
                if (i < 0) {
                    return -1;
                }
            }
            if (i >= n || !StatementGate.isKeyword(statement.get(i), "as")) {
                return -1;
            }
            i++;
            if (i < n && StatementGate.isKeyword(statement.get(i), "not")) {
                i++;
                if (i >= n || !StatementGate.isKeyword(statement.get(i), "materialized")) {
                    return -1;
                }
                i++;
            } else if (i < n && StatementGate.isKeyword(statement.get(i), "materialized")) {
                i++;
            }
            if (i >= n || statement.get(i).type() != Token.Type.LEFT_PAREN) {
                return -1;
            }
            i = skipParenthesized(statement, i);
            if (i < 0) {
                return -1;
            }
            if (i < n && statement.get(i).type() == Token.Type.COMMA) {
                i++;
                continue;
            }
            return i;
        }
    }

    /**
     * @param open the index of a {@code (}
     * @return the index after its matching {@code )}, or -1 if it has none
     */
    private static int skipParenthesized(List<Token> statement, int open) {
        int depth = 0;
        for (int i = open; i < statement.size(); i++) {
            Token.Type type = statement.get(i).type();
            if (type == Token.Type.LEFT_PAREN) {
                depth++;
            } else if (type == Token.Type.RIGHT_PAREN) {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
        }
        return -1;
    }
}
