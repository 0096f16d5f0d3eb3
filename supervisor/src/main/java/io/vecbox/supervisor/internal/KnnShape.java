package io.vecbox.supervisor.internal;

import io.vecbox.supervisor.internal.sandbox.SqlSyntaxException;
import io.vecbox.supervisor.internal.sandbox.SqlTokenizer;
import io.vecbox.supervisor.internal.sandbox.Token;
import java.util.List;

/**
 * Whether an SQL text is the plain nearest-neighbour query a reader can answer in parts, and
 * where its {@code k} comes from. The shape, keywords in any case, identifiers bare or quoted:
 * <pre>
 * select rowid, distance from [schema.]table     (or: distance, rowid; or: distance)
 *  where column match V and k = K [and column = P]
 *  [order by distance [asc]] [;]
 * </pre>
 * with the {@code where} terms in any order, {@code V} a parameter, string or blob, {@code K} an
 * integer literal or a parameter, {@code P} a parameter, number or string. Anything else (another
 * column, a join, {@code limit}, {@code or}, a function call, a second {@code k}) is not this
 * shape. It is a cheap filter, not the judge: a worker that finds it cannot split the statement
 * (the table is not vec0, the column is not its vector) answers {@code NOT_SHARDABLE} and the
 * query runs whole.
 *
 * <p>{@code K}'s parameter index is SQLite's numbering ({@code ?} the count + 1, {@code ?NNN}
 * NNN, a name the count + 1 at its first appearance; see {@link NamedParameters}), so the value
 * is found in the positional list that either way of binding produces. Immutable; {@link #of}
 * is a pure function of the text, so its answers may be memoised.
 *
 * @param kLiteral k written in the SQL, or 0 if it is a parameter
 * @param kParameter the 1-based index of k's parameter, or 0 if it is a literal
 */
record KnnShape(long kLiteral, int kParameter) {
    /** The answer for every text that is not the shape. */
    static final KnnShape NONE = new KnnShape(0, 0);

    /** @return whether the text had the shape */
    boolean matches() {
        return kLiteral > 0 || kParameter > 0;
    }

    /**
     * @param params the query's positional parameters
     * @return k: the literal, or the parameter's value if it is an integer; -1 if it is not one
     *     (a float, a string, null, a missing value: the query runs whole and SQLite judges it)
     */
    long k(List<Object> params) {
        if (kLiteral > 0) {
            return kLiteral;
        }
        if (kParameter < 1 || kParameter > params.size()) {
            return -1;
        }
        return params.get(kParameter - 1) instanceof Long k ? k : -1;
    }

    /**
     * @param sql an SQL text
     * @return its shape, or {@link #NONE}
     */
    static KnnShape of(String sql) {
        List<Token> tokens;
        try {
            tokens = SqlTokenizer.tokenize(sql);
        } catch (SqlSyntaxException e) {
            return NONE;
        }
        return new Reader(tokens).shape();
    }

    /** A cursor over the tokens that either reads the whole shape or gives up. */
    private static final class Reader {
        private final List<Token> tokens;
        private int at;
        private int parameterCount;
        private long kLiteral;
        private int kParameter;
        private boolean sawMatch;
        private boolean sawK;

        Reader(List<Token> tokens) {
            this.tokens = tokens;
        }

        KnnShape shape() {
            if (!word("select") || !selectList() || !word("from") || !name()) {
                return NONE;
            }
            if (is(Token.Type.DOT) && !name()) {
                return NONE;
            }
            if (!word("where") || !term()) {
                return NONE;
            }
            while (word("and")) {
                if (!term()) {
                    return NONE;
                }
            }
            if (word("order")) {
                if (!word("by") || !word("distance")) {
                    return NONE;
                }
                word("asc");
            }
            is(Token.Type.SEMICOLON);
            if (at != tokens.size() || !sawMatch || !sawK) {
                return NONE;
            }
            return new KnnShape(kLiteral, kParameter);
        }

        /** {@code distance}, {@code rowid, distance} or {@code distance, rowid}: bare, no alias. */
        private boolean selectList() {
            boolean rowid = word("rowid");
            if (rowid && !is(Token.Type.COMMA)) {
                return false;
            }
            if (!word("distance")) {
                return false;
            }
            return rowid || !is(Token.Type.COMMA) || word("rowid");
        }

        /** {@code column match V}, {@code k = K} or {@code column = P}. */
        private boolean term() {
            Token left = peek();
            if (left == null || !name()) {
                return false;
            }
            if (word("match")) {
                if (sawMatch) {
                    return false;
                }
                sawMatch = true;
                int p = parameter();
                return p != 0 ? p > 0 : is(Token.Type.STRING) || is(Token.Type.BLOB);
            }
            if (!operator("=")) {
                return false;
            }
            if (left.type() == Token.Type.WORD && left.text().equalsIgnoreCase("k")) {
                if (sawK) {
                    return false;
                }
                sawK = true;
                Token value = peek();
                if (value != null && value.type() == Token.Type.NUMBER) {
                    at++;
                    kLiteral = integer(value.text());
                    return kLiteral > 0;
                }
                kParameter = Math.max(0, parameter());
                return kParameter > 0;
            }
            int p = parameter();
            return p != 0 ? p > 0 : is(Token.Type.NUMBER) || is(Token.Type.STRING);
        }

        /**
         * @return the index SQLite gives the parameter here; 0 (nothing read) if no parameter is
         *     here; -1 for one the shape does not take ({@code ?0}, {@code #name}, a name used twice)
         */
        private int parameter() {
            Token t = peek();
            if (t == null || t.type() != Token.Type.PARAMETER) {
                return 0;
            }
            at++;
            String text = t.text();
            if (text.equals("?")) {
                return ++parameterCount;
            }
            if (text.charAt(0) == '?') {
                long n = integer(text.substring(1));
                if (n < 1 || n > 32766) {
                    return -1;
                }
                parameterCount = Math.max(parameterCount, (int) n);
                return (int) n;
            }
            if (text.charAt(0) == '#') {
                return -1;
            }
            // A name used twice would share one value between two terms: not this shape.
            for (int i = 0; i < at - 1; i++) {
                if (tokens.get(i).type() == Token.Type.PARAMETER && tokens.get(i).text().equals(text)) {
                    return -1;
                }
            }
            return ++parameterCount;
        }

        private boolean name() {
            Token t = peek();
            if (t != null && (t.type() == Token.Type.WORD || t.type() == Token.Type.QUOTED_IDENTIFIER)) {
                at++;
                return true;
            }
            return false;
        }

        private boolean word(String keyword) {
            Token t = peek();
            if (t != null && t.type() == Token.Type.WORD && t.text().equalsIgnoreCase(keyword)) {
                at++;
                return true;
            }
            return false;
        }

        private boolean operator(String op) {
            Token t = peek();
            if (t != null && t.type() == Token.Type.OPERATOR && (t.text().equals(op) || op.equals("=")
                    && t.text().equals("=="))) {
                at++;
                return true;
            }
            return false;
        }

        private boolean is(Token.Type type) {
            Token t = peek();
            if (t != null && t.type() == type) {
                at++;
                return true;
            }
            return false;
        }

        private Token peek() {
            return at < tokens.size() ? tokens.get(at) : null;
        }

        /** @return a plain decimal integer's value, or -1 (hex, a fraction, an exponent, too large) */
        private static long integer(String text) {
            String digits = text.replace("_", "");
            if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
                return -1;
            }
            return Long.parseLong(digits);
        }
    }
}
