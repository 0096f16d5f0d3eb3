package io.vecbox.supervisor.internal.sandbox;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether SQL may run as an untrusted query (layer 2 of the sandbox, DESIGN.md §6):
 * exactly one statement, and only {@code SELECT}, {@code VALUES}, {@code WITH … SELECT|VALUES}
 * and {@code EXPLAIN [QUERY PLAN]} of those; table-valued {@code pragma_*} functions only from an
 * allow-list; no call to a denied function. It reads {@link SqlTokenizer} tokens, never regular
 * expressions, and makes a bounded number of passes over them, so it is O(length of the SQL).
 *
 * <p>Rules, checked in this order; {@link #check} returns the first one broken, with the
 * {@link Violation#rule()} named at the start of each item:
 * <ol>
 *   <li>{@code sql-length}: longer than {@code maxSqlLength} chars (checked before tokenizing);</li>
 *   <li>{@code syntax}: the tokenizer refuses the text (unterminated literal or comment, …);</li>
 *   <li>{@code empty}: no token but {@code ;};</li>
 *   <li>the first statement's kind, from its leading keyword after any {@code EXPLAIN [QUERY PLAN]}
 *       and, behind {@code WITH [RECURSIVE]}, from the keyword after the whole CTE list:
 *       {@code write}, {@code ddl}, {@code attach}, {@code vacuum}, {@code pragma},
 *       {@code transaction}, {@code maintenance}, or {@code statement-kind} for anything else
 *       (including a WITH clause whose shape the gate cannot follow);</li>
 *   <li>{@code single-statement}: anything but {@code ;} after the first statement's {@code ;}
 *       (checked after the kind, so {@code CREATE TRIGGER … BEGIN …; END} is reported as
 *       {@code ddl});</li>
 *   <li>{@code pragma}: an identifier named {@code pragma_*} that is not allowed, bare, quoted or
 *       schema-qualified; and a string literal whose whole value is such a name, because SQLite
 *       takes a string as a table name in many places ({@code FROM 'pragma_database_list'},
 *       {@code FROM ('…')}, {@code x IN '…'});</li>
 *   <li>{@code function}: a word, quoted identifier or string immediately followed by {@code (}
 *       whose name is denied; comments between name and {@code (} do not help. The message says
 *       why the function is denied and what to use instead.</li>
 * </ol>
 * Names match case-insensitively the way SQLite matches them, folding ASCII letters only.
 *
 * <p>Known gaps; this is one layer, and the read-only reader connection ({@code
 * SQLITE_OPEN_READONLY}, {@code query_only}), the functions replaced in the worker and the
 * SQLite limits are the backstop:
 * <ul>
 *   <li>the gate reads the SQL text only. A view, or a virtual table other than
 *       {@code pragma_*} (e.g. {@code dbstat}, {@code sqlite_dbpage} where compiled in), is not
 *       looked into; a denied function is caught only where it is called with {@code (…)}, not
 *       when named as a table without arguments;</li>
 *   <li>it is not a parser: a statement of an allowed kind that SQLite would reject still
 *       passes, and fails at prepare time; and {@code EXPLAIN} of a denied kind is denied although
 *       SQLite would only describe it;</li>
 *   <li>a column or alias named {@code pragma_…}, or a string literal that is exactly such a
 *       name ({@code WHERE name = 'pragma_x'}), is refused like the table-valued function would
 *       be; write {@code 'pragma' || '_x'} instead;</li>
 *   <li>{@code maxSqlLength} counts chars; SQLite's {@code SQLITE_LIMIT_SQL_LENGTH} counts UTF-8
 *       bytes and stays in force for non-ASCII text;</li>
 *   <li>the tokenizer follows SQLite's default build; a build with
 *       {@code SQLITE_OMIT_TCL_VARIABLE} would split a {@code $a(…)} parameter that the gate reads
 *       as one token.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class StatementGate {
    private static final int MAX_QUOTED = 40;

    private final Set<String> allowedPragmaFunctions;
    private final Set<String> deniedFunctions;
    private final int maxSqlLength;
    /** The allow-list, sorted, as messages show it. */
    private final String allowedList;

    /**
     * @param allowedPragmaFunctions table-valued pragma functions a query may use, lower-case,
     *     each starting with {@code pragma_}; copied
     * @param deniedFunctions functions a query may not call, lower-case; copied
     * @param maxSqlLength the longest SQL accepted, in chars, {@code >= 1}
     * @throws NullPointerException if a set or an element is null
     * @throws IllegalArgumentException if {@code maxSqlLength < 1}, or a name is not lower-case,
     *     blank, or (allowed pragma functions) does not start with {@code pragma_}
     */
    public StatementGate(Set<String> allowedPragmaFunctions, Set<String> deniedFunctions, int maxSqlLength) {
        Objects.requireNonNull(allowedPragmaFunctions, "allowedPragmaFunctions");
        Objects.requireNonNull(deniedFunctions, "deniedFunctions");
        if (maxSqlLength < 1) {
            throw new IllegalArgumentException("maxSqlLength < 1: " + maxSqlLength);
        }
        for (String name : allowedPragmaFunctions) {
            requireLowerCaseName("allowedPragmaFunctions", name);
            if (!name.startsWith("pragma_")) {
                throw new IllegalArgumentException("allowedPragmaFunctions: not a pragma function: " + name);
            }
        }
        for (String name : deniedFunctions) {
            requireLowerCaseName("deniedFunctions", name);
        }
        this.allowedPragmaFunctions = Set.copyOf(allowedPragmaFunctions);
        this.deniedFunctions = Set.copyOf(deniedFunctions);
        this.maxSqlLength = maxSqlLength;
        this.allowedList = String.join(", ", new TreeSet<>(allowedPragmaFunctions));
    }

    /**
     * @param sql the SQL of an untrusted query
     * @return empty if the SQL may run as an untrusted query, else the first rule it breaks
     * @throws NullPointerException if sql is null
     */
    /**
     * Finds a second statement in SQL meant to be one, for the trusted paths too: sqlite-jdbc
     * prepares only the first statement and silently ignores the rest, which would surprise a
     * host that sent {@code "create table a(x); create table b(x)"}.
     *
     * @param sql the SQL
     * @return the position where a second statement starts, or empty if there is none or the SQL
     *     cannot be tokenized (SQLite will then report the error itself)
     */
    public static OptionalInt secondStatementStart(String sql) {
        List<Token> tokens;
        try {
            tokens = SqlTokenizer.tokenize(sql);
        } catch (SqlSyntaxException e) {
            return OptionalInt.empty();
        }
        // As SQLite's own sqlite3_complete(): inside CREATE [TEMP] TRIGGER, only "END ;" ends the
        // statement, since the trigger body holds statements of its own.
        int words = 0;
        boolean trigger = false;
        boolean ended = false;
        Token previous = null;
        for (Token t : tokens) {
            if (t.type() == Token.Type.SEMICOLON) {
                boolean endsTrigger = previous != null && previous.type() == Token.Type.WORD
                        && previous.text().equalsIgnoreCase("end");
                if (words > 0 && (!trigger || endsTrigger)) {
                    ended = true;
                }
                continue;
            }
            if (ended) {
                return OptionalInt.of(t.start());
            }
            if (t.type() == Token.Type.WORD && words < 3 && t.text().equalsIgnoreCase("trigger")) {
                trigger = tokens.get(0).type() == Token.Type.WORD && tokens.get(0).text().equalsIgnoreCase("create");
            }
            words++;
            previous = t;
        }
        return OptionalInt.empty();
    }

    public Optional<Violation> check(String sql) {
        Objects.requireNonNull(sql, "sql");
        if (sql.length() > maxSqlLength) {
            return deny(Violation.SQL_LENGTH, "SQL of " + sql.length() + " chars is over the limit of "
                    + maxSqlLength + " for untrusted queries; pass large values (vectors, text) as parameters"
                    + " instead of literals, or raise the SQL_LENGTH limit of the sandbox policy");
        }
        List<Token> tokens;
        try {
            tokens = SqlTokenizer.tokenize(sql);
        } catch (SqlSyntaxException e) {
            return deny(Violation.SYNTAX, "SQL cannot be read: " + e.getMessage()
                    + "; close every string, quoted identifier and /* comment");
        }
        int first = 0;
        while (first < tokens.size() && tokens.get(first).type() == Token.Type.SEMICOLON) {
            first++;
        }
        if (first == tokens.size()) {
            return deny(Violation.EMPTY, "no statement to run (only whitespace, comments or ';'); send one"
                    + " SELECT, WITH … SELECT, VALUES or EXPLAIN of those");
        }
        int end = first;
        while (end < tokens.size() && tokens.get(end).type() != Token.Type.SEMICOLON) {
            end++;
        }
        // The first statement's kind is judged before anything after it: a CREATE TRIGGER body
        // holds ';' of its own, and "ddl" says more about it than "single-statement" would.
        List<Token> statement = tokens.subList(first, end);
        Optional<Violation> kind = StatementKinds.check(statement);
        if (kind.isPresent()) {
            return kind;
        }
        for (int i = end; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.type() != Token.Type.SEMICOLON) {
                return deny(Violation.SINGLE_STATEMENT, "a second statement starts at position " + t.start()
                        + " (" + quote(t) + "); an untrusted query runs exactly one statement, so send one"
                        + " statement per query");
            }
        }
        Optional<Violation> pragma = checkPragmaFunctions(statement);
        if (pragma.isPresent()) {
            return pragma;
        }
        return checkFunctions(statement);
    }

    private Optional<Violation> checkPragmaFunctions(List<Token> statement) {
        for (int i = 0; i < statement.size(); i++) {
            Token t = statement.get(i);
            if (!isIdentifier(t) && t.type() != Token.Type.STRING) {
                continue;
            }
            String lower = asciiLowerCase(t.text());
            if (lower.startsWith("pragma_") && !allowedPragmaFunctions.contains(lower)
                    && (t.type() != Token.Type.STRING || couldNamePragmaFunction(lower))) {
                return deny(Violation.PRAGMA, "pragma function " + quote(t) + " at position " + t.start()
                        + " is not allowed in untrusted queries; allowed: "
                        + (allowedList.isEmpty() ? "none" : allowedList)
                        + " (add one to the sandbox policy with allowPragmaFunction only if it changes"
                        + " nothing and reveals no path)");
            }
        }
        return Optional.empty();
    }

    private Optional<Violation> checkFunctions(List<Token> statement) {
        for (int i = 0; i + 1 < statement.size(); i++) {
            Token t = statement.get(i);
            boolean name = isIdentifier(t) || t.type() == Token.Type.STRING;
            if (name && statement.get(i + 1).type() == Token.Type.LEFT_PAREN
                    && deniedFunctions.contains(asciiLowerCase(t.text()))) {
                return deny(Violation.FUNCTION, "function " + quote(t) + "() at position " + t.start()
                        + " is denied in untrusted queries because " + DenialReasons.of(asciiLowerCase(t.text())));
            }
        }
        return Optional.empty();
    }

    /**
     * SQLite accepts a string literal where it expects a table name, and there are more such
     * places than one would guess ({@code FROM ('x')}, {@code a IN 'x'}, {@code main.'x'}), so a
     * string is treated as a name wherever it could be one: when its whole value is
     * {@code pragma_} and identifier chars, which is the only shape that can name a pragma
     * function. Prose that merely mentions one, or a LIKE pattern, stays data.
     */
    private static boolean couldNamePragmaFunction(String value) {
        if (value.length() <= "pragma_".length()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x80 || !SqlTokenizer.isIdChar(c)) {
                return false;
            }
        }
        return true;
    }

    static boolean isIdentifier(Token t) {
        return t.type() == Token.Type.WORD || t.type() == Token.Type.QUOTED_IDENTIFIER;
    }

    /** A bare word equal to keyword (given in lower case), ignoring ASCII case as SQLite does. */
    static boolean isKeyword(Token t, String keyword) {
        return t.type() == Token.Type.WORD && t.text().length() == keyword.length()
                && asciiLowerCase(t.text()).equals(keyword);
    }

    /**
     * SQLite folds only ASCII letters when it compares keywords and function names; Java's
     * {@code toLowerCase} also folds e.g. KELVIN SIGN to 'k', which SQLite would not.
     */
    static String asciiLowerCase(String s) {
        char[] chars = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (chars == null) {
                    chars = s.toCharArray();
                }
                chars[i] = (char) (c + ('a' - 'A'));
            }
        }
        return chars == null ? s : new String(chars);
    }

    /** The token as the user wrote it (quoted identifiers re-quoted), cut to a readable length. */
    static String quote(Token t) {
        String text = t.type() == Token.Type.QUOTED_IDENTIFIER ? "\"" + t.text() + "\""
                : t.type() == Token.Type.STRING ? "'" + t.text() + "'" : t.text();
        return text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED - 1) + "…";
    }

    static Optional<Violation> deny(String rule, String message) {
        return Optional.of(new Violation(rule, message));
    }

    private static void requireLowerCaseName(String option, String name) {
        Objects.requireNonNull(name, option + " element");
        if (name.isBlank()) {
            throw new IllegalArgumentException(option + ": blank name: '" + name + "'");
        }
        if (!name.equals(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(option + ": not lower-case: " + name);
        }
    }

    @Override
    public String toString() {
        return "StatementGate[maxSqlLength=" + maxSqlLength + ", allowedPragmaFunctions=" + allowedList
                + ", deniedFunctions=" + new TreeSet<>(deniedFunctions) + "]";
    }
}
