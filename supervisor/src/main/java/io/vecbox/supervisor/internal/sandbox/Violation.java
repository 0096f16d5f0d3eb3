package io.vecbox.supervisor.internal.sandbox;

import java.util.Objects;

/**
 * Why the {@link StatementGate} refused a statement. Immutable.
 *
 * @param rule a stable rule name, one of the constants below; callers and tests match on it
 * @param message what was denied and what to do instead, standing alone
 */
public record Violation(String rule, String message) {
    /** The SQL is longer than the gate's {@code maxSqlLength}. */
    public static final String SQL_LENGTH = "sql-length";
    /** The SQL cannot be tokenized (unterminated literal or comment, illegal character). */
    public static final String SYNTAX = "syntax";
    /** Nothing but semicolons, comments and whitespace. */
    public static final String EMPTY = "empty";
    /** A second statement follows the first. */
    public static final String SINGLE_STATEMENT = "single-statement";
    /** INSERT, UPDATE, DELETE, REPLACE, also behind WITH or EXPLAIN. */
    public static final String WRITE = "write";
    /** CREATE, DROP, ALTER. */
    public static final String DDL = "ddl";
    /** ATTACH, DETACH. */
    public static final String ATTACH = "attach";
    /** VACUUM, also VACUUM INTO. */
    public static final String VACUUM = "vacuum";
    /** A PRAGMA statement, or a table-valued pragma function not on the allow-list. */
    public static final String PRAGMA = "pragma";
    /** BEGIN, COMMIT, END, ROLLBACK, SAVEPOINT, RELEASE. */
    public static final String TRANSACTION = "transaction";
    /** REINDEX, ANALYZE. */
    public static final String MAINTENANCE = "maintenance";
    /** Any other statement that is not SELECT, VALUES, WITH … SELECT or EXPLAIN of those. */
    public static final String STATEMENT_KIND = "statement-kind";
    /** A call to a denied function. */
    public static final String FUNCTION = "function";

    /**
     * @throws NullPointerException if either is null
     */
    public Violation {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
    }
}
