package io.vecbox.worker;

import java.util.Locale;

/**
 * Where the first statement of a piece of SQL ends, found the way SQLite's
 * {@code sqlite3_complete} finds statement ends (complete.c): a small state machine over
 * tokens in which semicolons inside quotes, comments and the body of a {@code CREATE TRIGGER}
 * do not end a statement. It tokenizes only as far as that needs; it never parses.
 */
final class SqlText {
    /** The first statement of some SQL: {@code sql.substring(start, end)}, without its semicolon. */
    record First(int start, int end, boolean tail) {
    }

    // Token kinds, as complete.c names them.
    private static final int SEMI = 0;
    private static final int WS = 1;
    private static final int OTHER = 2;
    private static final int EXPLAIN = 3;
    private static final int CREATE = 4;
    private static final int TEMP = 5;
    private static final int TRIGGER = 6;
    private static final int END = 7;

    /**
     * States: 0 nothing yet, 1 after a statement's semicolon, 2 inside a statement, 3 after
     * EXPLAIN, 4 after CREATE [TEMP], 5 inside a trigger body, 6 after a semicolon in a trigger
     * body, 7 after its END. A SEMI that leads to state 1 from 2, 3, 4 or 7 ends a statement.
     */
    private static final int[][] NEXT = {
        // SEMI WS OTHER EXPLAIN CREATE TEMP TRIGGER END
        {1, 0, 2, 3, 4, 2, 2, 2},
        {1, 1, 2, 3, 4, 2, 2, 2},
        {1, 2, 2, 2, 2, 2, 2, 2},
        {1, 3, 3, 2, 4, 2, 2, 2},
        {1, 4, 2, 2, 2, 4, 5, 2},
        {6, 5, 5, 5, 5, 5, 5, 5},
        {6, 6, 5, 5, 5, 5, 5, 7},
        {1, 7, 5, 5, 5, 5, 5, 5},
    };

    private final String sql;
    private int pos;

    private SqlText(String sql) {
        this.sql = sql;
    }

    /**
     * @param sql any text
     * @return the first statement and whether anything but whitespace, comments and semicolons
     *     follows it; null if the text holds no statement at all
     */
    static First first(String sql) {
        SqlText t = new SqlText(sql);
        int state = 0;
        int start = -1;
        while (t.pos < sql.length()) {
            int at = t.pos;
            int token = t.next();
            if (start < 0 && token != WS && token != SEMI) {
                start = at;
            }
            int previous = state;
            state = NEXT[state][token];
            if (token == SEMI && state == 1 && previous != 0 && previous != 1) {
                return new First(start, at, t.anyStatementFollows());
            }
        }
        return start < 0 ? null : new First(start, sql.length(), false);
    }

    /**
     * @param sql a statement
     * @return its first word in lower case (letters, digits, underscores), after whitespace and
     *     comments; empty if it starts with something else
     */
    static String firstWord(String sql) {
        SqlText t = new SqlText(sql);
        t.skipSpace();
        return t.word().toLowerCase(Locale.ROOT);
    }

    /**
     * @param statement a statement whose first word is {@code EXPLAIN}
     * @return the statement it explains: the text after {@code EXPLAIN} and an optional
     *     {@code QUERY PLAN}
     */
    static String explained(String statement) {
        SqlText t = new SqlText(statement);
        t.skipSpace();
        t.word(); // EXPLAIN
        t.skipSpace();
        int afterExplain = t.pos;
        if (t.word().equalsIgnoreCase("query")) {
            t.skipSpace();
            if (t.word().equalsIgnoreCase("plan")) {
                return statement.substring(t.pos);
            }
        }
        return statement.substring(afterExplain);
    }

    private boolean anyStatementFollows() {
        while (pos < sql.length()) {
            int token = next();
            if (token != WS && token != SEMI) {
                return true;
            }
        }
        return false;
    }

    private void skipSpace() {
        while (pos < sql.length()) {
            int at = pos;
            if (next() != WS) {
                pos = at;
                return;
            }
        }
    }

    private String word() {
        int start = pos;
        while (pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '_')) {
            pos++;
        }
        return sql.substring(start, pos);
    }

    /** Reads one token from {@link #pos} and returns its kind; an unterminated quote or comment runs to the end. */
    private int next() {
        char c = sql.charAt(pos);
        switch (c) {
            case ';':
                pos++;
                return SEMI;
            case ' ', '\t', '\n', '\r', '\f':
                pos++;
                return WS;
            case '/':
                if (pos + 1 < sql.length() && sql.charAt(pos + 1) == '*') {
                    int close = sql.indexOf("*/", pos + 2);
                    pos = close < 0 ? sql.length() : close + 2;
                    return WS;
                }
                pos++;
                return OTHER;
            case '-':
                if (pos + 1 < sql.length() && sql.charAt(pos + 1) == '-') {
                    int eol = sql.indexOf('\n', pos);
                    pos = eol < 0 ? sql.length() : eol + 1;
                    return WS;
                }
                pos++;
                return OTHER;
            case '[':
                return quoted(']');
            case '`', '"', '\'':
                return quoted(c);
            default:
                if (isIdChar(c)) {
                    return keyword();
                }
                pos++;
                return OTHER;
        }
    }

    private int quoted(char close) {
        int end = sql.indexOf(close, pos + 1);
        pos = end < 0 ? sql.length() : end + 1;
        return OTHER;
    }

    private int keyword() {
        int start = pos;
        while (pos < sql.length() && isIdChar(sql.charAt(pos))) {
            pos++;
        }
        switch (sql.substring(start, pos).toLowerCase(Locale.ROOT)) {
            case "create":
                return CREATE;
            case "temp", "temporary":
                return TEMP;
            case "trigger":
                return TRIGGER;
            case "end":
                return END;
            case "explain":
                return EXPLAIN;
            default:
                return OTHER;
        }
    }

    /** SQLite's IdChar: letters, digits, '_', '$' and every non-ASCII character. */
    private static boolean isIdChar(char c) {
        return c >= 0x80 || Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
