package io.vecbox.supervisor.internal.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Splits SQL into {@link Token}s by SQLite's lexical rules ({@code sqlite3GetToken} in
 * {@code tokenize.c}, default compile options). The gate is only as good as this agreement:
 * wherever this tokenizer and SQLite could disagree on where a token ends, text hidden from the
 * gate (inside what it thinks is a string or comment) could reach SQLite as code. So every
 * token boundary follows SQLite's, including its less known corners:
 * <ul>
 *   <li>a char ≥ U+0080 is an identifier char (SQLite: every UTF-8 byte ≥ 0x80), so U+00A0 is
 *       not a space; U+FEFF at the start of a token is skipped like SQLite skips a UTF-8 BOM;</li>
 *   <li>{@code $}, {@code @}, {@code :} and {@code #} parameters take SQLite's Tcl suffixes
 *       {@code ::} and {@code (…)}, where {@code (…)} runs to the first {@code )} and may hold
 *       quotes and semicolons: {@code $a(';')} is one parameter, not a string;</li>
 *   <li>{@code '…'} is a string, {@code "…"} and {@code `…`} identifiers (both with doubled
 *       delimiters as escapes), {@code […]} an identifier with no escape;</li>
 *   <li>numbers take {@code _} digit separators (SQLite 3.46); a number running into identifier
 *       chars ({@code 1abc}) is an error, as in SQLite.</li>
 * </ul>
 * Where SQLite would produce an illegal token, or would silently stop reading, this tokenizer
 * throws instead: a NUL char (SQLite ends the text there), an unpaired surrogate (it would not
 * survive UTF-8 encoding intact), an unterminated {@code /*} comment even at the very end
 * (SQLite accepts that one), VT (U+000B) at the start of a token. Stricter only ever means a
 * query is denied, never that something slips through.
 *
 * <p>One pass over the chars, O(n). Stateless and thread-safe.
 */
public final class SqlTokenizer {
    private SqlTokenizer() {
    }

    /**
     * @param sql the SQL text
     * @return its tokens in order; empty for whitespace and comments only
     * @throws SqlSyntaxException if SQLite would not accept the text as tokens, or might read
     *     it differently (see the class comment)
     * @throws NullPointerException if sql is null
     */
    public static List<Token> tokenize(String sql) throws SqlSyntaxException {
        Objects.requireNonNull(sql, "sql");
        rejectUnencodable(sql);
        List<Token> tokens = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            int start = i;
            switch (c) {
                case ' ', '\t', '\n', '\f', '\r' -> {
                    // SQLite starts a space run only on these five but continues it over VT too.
                    i++;
                    while (i < n && isSpace(sql.charAt(i))) {
                        i++;
                    }
                }
                case '\uFEFF' -> i++;
                case '-' -> {
                    if (at(sql, i + 1) == '-') {
                        // SQLite ends a line comment at '\n' only; '\r' stays inside it.
                        i += 2;
                        while (i < n && sql.charAt(i) != '\n') {
                            i++;
                        }
                    } else if (at(sql, i + 1) == '>') {
                        i += at(sql, i + 2) == '>' ? 3 : 2;
                        tokens.add(token(Token.Type.OPERATOR, sql, start, i));
                    } else {
                        i++;
                        tokens.add(token(Token.Type.OPERATOR, sql, start, i));
                    }
                }
                case '/' -> {
                    if (at(sql, i + 1) == '*') {
                        int close = sql.indexOf("*/", i + 2);
                        if (close < 0) {
                            throw new SqlSyntaxException("unterminated /* comment", start);
                        }
                        i = close + 2;
                    } else {
                        i++;
                        tokens.add(token(Token.Type.OPERATOR, sql, start, i));
                    }
                }
                case '(' -> tokens.add(token(Token.Type.LEFT_PAREN, sql, start, ++i));
                case ')' -> tokens.add(token(Token.Type.RIGHT_PAREN, sql, start, ++i));
                case ',' -> tokens.add(token(Token.Type.COMMA, sql, start, ++i));
                case ';' -> tokens.add(token(Token.Type.SEMICOLON, sql, start, ++i));
                case '+', '*', '%', '&', '~' -> tokens.add(token(Token.Type.OPERATOR, sql, start, ++i));
                case '=' -> {
                    i += at(sql, i + 1) == '=' ? 2 : 1;
                    tokens.add(token(Token.Type.OPERATOR, sql, start, i));
                }
                case '<' -> {
                    char d = at(sql, i + 1);
                    i += d == '=' || d == '>' || d == '<' ? 2 : 1;
                    tokens.add(token(Token.Type.OPERATOR, sql, start, i));
                }
                case '>' -> {
                    char d = at(sql, i + 1);
                    i += d == '=' || d == '>' ? 2 : 1;
                    tokens.add(token(Token.Type.OPERATOR, sql, start, i));
                }
                case '!' -> {
                    if (at(sql, i + 1) != '=') {
                        throw new SqlSyntaxException("'!' not followed by '='", start);
                    }
                    i += 2;
                    tokens.add(token(Token.Type.OPERATOR, sql, start, i));
                }
                case '|' -> {
                    i += at(sql, i + 1) == '|' ? 2 : 1;
                    tokens.add(token(Token.Type.OPERATOR, sql, start, i));
                }
                case '\'', '"', '`' -> i = quoted(sql, start, tokens);
                case '[' -> {
                    int close = sql.indexOf(']', i + 1);
                    if (close < 0) {
                        throw new SqlSyntaxException("unterminated [ quoted identifier", start);
                    }
                    i = close + 1;
                    tokens.add(new Token(Token.Type.QUOTED_IDENTIFIER, sql.substring(start + 1, close), start, i));
                }
                case '.' -> {
                    if (isDigit(at(sql, i + 1))) {
                        i = number(sql, start, tokens);
                    } else {
                        tokens.add(token(Token.Type.DOT, sql, start, ++i));
                    }
                }
                case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> i = number(sql, start, tokens);
                case '?' -> {
                    i++;
                    while (i < n && isDigit(sql.charAt(i))) {
                        i++;
                    }
                    tokens.add(token(Token.Type.PARAMETER, sql, start, i));
                }
                case '$', '@', ':', '#' -> i = namedParameter(sql, start, tokens);
                default -> {
                    if ((c == 'x' || c == 'X') && at(sql, i + 1) == '\'') {
                        i = blob(sql, start, tokens);
                    } else if (isIdentifierStart(c)) {
                        i++;
                        while (i < n && isIdChar(sql.charAt(i))) {
                            i++;
                        }
                        tokens.add(token(Token.Type.WORD, sql, start, i));
                    } else {
                        throw new SqlSyntaxException("unexpected character " + describe(c), start);
                    }
                }
            }
        }
        return tokens;
    }

    /** '…' → STRING, "…" and `…` → QUOTED_IDENTIFIER; a doubled delimiter stands for itself. */
    private static int quoted(String sql, int start, List<Token> tokens) throws SqlSyntaxException {
        char delim = sql.charAt(start);
        StringBuilder value = new StringBuilder();
        int n = sql.length();
        int i = start + 1;
        while (true) {
            if (i >= n) {
                throw new SqlSyntaxException(delim == '\'' ? "unterminated string literal"
                        : "unterminated " + delim + " quoted identifier", start);
            }
            char c = sql.charAt(i);
            if (c == delim) {
                if (at(sql, i + 1) == delim) {
                    value.append(delim);
                    i += 2;
                    continue;
                }
                i++;
                break;
            }
            value.append(c);
            i++;
        }
        Token.Type type = delim == '\'' ? Token.Type.STRING : Token.Type.QUOTED_IDENTIFIER;
        tokens.add(new Token(type, value.toString(), start, i));
        return i;
    }

    /** SQLite's number scan, digit separators included; see {@code CC_DIGIT} in tokenize.c. */
    private static int number(String sql, int start, List<Token> tokens) throws SqlSyntaxException {
        int i = start;
        if (sql.charAt(i) == '0' && (at(sql, i + 1) == 'x' || at(sql, i + 1) == 'X') && isHexDigit(at(sql, i + 2))) {
            i += 3;
            while (isHexDigit(at(sql, i)) || at(sql, i) == '_') {
                i++;
            }
        } else {
            i = digits(sql, i);
            if (at(sql, i) == '.') {
                i = digits(sql, i + 1);
            }
            char e = at(sql, i);
            if ((e == 'e' || e == 'E') && (isDigit(at(sql, i + 1))
                    || ((at(sql, i + 1) == '+' || at(sql, i + 1) == '-') && isDigit(at(sql, i + 2))))) {
                i = digits(sql, i + 2);
            }
        }
        if (isIdChar(at(sql, i))) {
            throw new SqlSyntaxException("malformed number", start);
        }
        tokens.add(token(Token.Type.NUMBER, sql, start, i));
        return i;
    }

    private static int digits(String sql, int i) {
        while (isDigit(at(sql, i)) || at(sql, i) == '_') {
            i++;
        }
        return i;
    }

    /**
     * $name, @name, :name, #name with SQLite's Tcl extras ({@code SQLITE_OMIT_TCL_VARIABLE} is
     * off by default): {@code ::} inside the name, and a {@code (…)} suffix that ends at the
     * first {@code )} and may not contain whitespace. Following SQLite exactly matters here:
     * {@code $a(')} is a whole parameter to SQLite, and reading its quote as the start of a
     * string would hide whatever follows from the gate.
     */
    private static int namedParameter(String sql, int start, List<Token> tokens) throws SqlSyntaxException {
        int n = sql.length();
        int nameChars = 0;
        int i = start + 1;
        while (i < n) {
            char c = sql.charAt(i);
            if (isIdChar(c)) {
                nameChars++;
                i++;
            } else if (c == '(' && nameChars > 0) {
                i++;
                while (i < n && !isSpace(sql.charAt(i)) && sql.charAt(i) != ')') {
                    i++;
                }
                if (i >= n || sql.charAt(i) != ')') {
                    throw new SqlSyntaxException("unterminated ( suffix of parameter", start);
                }
                i++;
                break;
            } else if (c == ':' && at(sql, i + 1) == ':') {
                i += 2;
            } else {
                break;
            }
        }
        if (nameChars == 0) {
            throw new SqlSyntaxException("parameter " + sql.charAt(start) + " without a name", start);
        }
        tokens.add(token(Token.Type.PARAMETER, sql, start, i));
        return i;
    }

    /** x'…' with an even number of hex digits, as SQLite requires. */
    private static int blob(String sql, int start, List<Token> tokens) throws SqlSyntaxException {
        int i = start + 2;
        while (isHexDigit(at(sql, i))) {
            i++;
        }
        if (at(sql, i) != '\'') {
            throw new SqlSyntaxException(i >= sql.length() ? "unterminated blob literal"
                    : "blob literal with a non-hex digit", start);
        }
        if ((i - start - 2) % 2 != 0) {
            throw new SqlSyntaxException("blob literal with an odd number of hex digits", start);
        }
        i++;
        tokens.add(token(Token.Type.BLOB, sql, start, i));
        return i;
    }

    /**
     * NUL ends the text for SQLite, so anything after it would be unseen by SQLite but seen by
     * the gate (or the reverse); an unpaired surrogate has no UTF-8 form and an encoder replaces
     * it with '?', which SQLite reads as a parameter. Neither belongs in a query.
     */
    private static void rejectUnencodable(String sql) throws SqlSyntaxException {
        int n = sql.length();
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            if (c == '\0') {
                throw new SqlSyntaxException("NUL character", i);
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(sql.charAt(i + 1))) {
                    i++;
                } else {
                    throw new SqlSyntaxException("unpaired surrogate " + describe(c), i);
                }
            } else if (Character.isLowSurrogate(c)) {
                throw new SqlSyntaxException("unpaired surrogate " + describe(c), i);
            }
        }
    }

    private static Token token(Token.Type type, String sql, int start, int end) {
        return new Token(type, sql.substring(start, end), start, end);
    }

    /** @return the char at i, or NUL past the end, as C's terminator (NUL never occurs inside) */
    private static char at(String sql, int i) {
        return i < sql.length() ? sql.charAt(i) : '\0';
    }

    /** SQLite's {@code sqlite3Isspace}: HT, LF, VT, FF, CR, space. */
    private static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    /** SQLite's {@code IdChar}: letters, digits, '_', '$' and every byte ≥ 0x80. */
    static boolean isIdChar(char c) {
        return isIdentifierStart(c) || isDigit(c) || c == '$';
    }

    private static String describe(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
