package io.vecbox.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one statement shape the reader's KNN fast path answers, recognised from the SQL text:
 *
 * <pre>
 * SELECT rowid|distance [, rowid|distance] FROM table
 *  WHERE vector_column MATCH ? AND k = (?|integer) [AND partition_column = ? ...]
 *  [ORDER BY distance [ASC]] [;]
 * </pre>
 *
 * <p>The conditions may come in any order; the select list holds bare (unquoted, unaliased)
 * {@code rowid} and {@code distance}, each at most once. Everything else (comments, literals but
 * the integer {@code k}, other columns or operators, {@code LIMIT}, aliases, joins, quoted
 * keywords, numbered or named parameters) is not recognised and the statement runs through vec0
 * unchanged. Whether the names fit a real vec0 table is checked later against its schema
 * ({@link Vec0Table}). Pure function of the text; thread-safe.
 *
 * @param table the table name as written (unquoted)
 * @param select what each result column is, in order
 * @param vectorColumn the column named left of {@code MATCH}
 * @param matchParam index (from 0) of the {@code MATCH} parameter among the statement's parameters
 * @param kParam index of the {@code k} parameter, or -1 when {@code k} is the literal {@link #kLiteral}
 * @param kLiteral the literal {@code k}, when {@link #kParam} is -1
 * @param partitionColumns the columns compared for equality to a parameter, in order of appearance
 * @param partitionParams the parameter index of each of {@link #partitionColumns}
 * @param parameterCount how many {@code ?} the statement has
 */
record KnnStatement(String table, List<Output> select, String vectorColumn, int matchParam, int kParam,
                    long kLiteral, List<String> partitionColumns, List<Integer> partitionParams,
                    int parameterCount) {

    /** What a result column holds. */
    enum Output { ROWID, DISTANCE }

    /** @return the statement's shape, or null if it is not the plain KNN query */
    static KnnStatement recognise(String sql) {
        List<Token> tokens = Token.split(sql);
        if (tokens == null) {
            return null;
        }
        try {
            return new Parser(tokens).statement();
        } catch (NotRecognised e) {
            return null;
        }
    }

    /** @return whether the select list holds the distance column */
    boolean selectsDistance() {
        return select.contains(Output.DISTANCE);
    }

    /** Control flow of the parser: the text is not the shape. Carries no stack. */
    private static final class NotRecognised extends Exception {
        private static final long serialVersionUID = 1L;

        NotRecognised() {
            super(null, null, false, false);
        }
    }

    /** One lexical token: a bare word, a quoted name, an integer, a parameter or a symbol. */
    private record Token(Kind kind, String text) {
        enum Kind { WORD, QUOTED, INTEGER, PARAM, SYMBOL }

        /** @return the tokens, or null if the text holds anything the recogniser does not handle */
        static List<Token> split(String sql) {
            List<Token> out = new ArrayList<>();
            int i = 0;
            int n = sql.length();
            while (i < n) {
                char c = sql.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (isWordStart(c)) {
                    int j = i + 1;
                    while (j < n && isWordPart(sql.charAt(j))) {
                        j++;
                    }
                    out.add(new Token(Kind.WORD, sql.substring(i, j)));
                    i = j;
                } else if (c >= '0' && c <= '9') {
                    int j = i + 1;
                    while (j < n && sql.charAt(j) >= '0' && sql.charAt(j) <= '9') {
                        j++;
                    }
                    if (j < n && (isWordPart(sql.charAt(j)) || sql.charAt(j) == '.')) {
                        return null; // 1e3, 0x10, 1.5, 12abc: not a plain integer
                    }
                    out.add(new Token(Kind.INTEGER, sql.substring(i, j)));
                    i = j;
                } else if (c == '"' || c == '`') {
                    int j = sql.indexOf(c, i + 1);
                    if (j < 0 || (j + 1 < n && sql.charAt(j + 1) == c)) {
                        return null; // unterminated, or an escaped quote inside: not handled
                    }
                    out.add(new Token(Kind.QUOTED, sql.substring(i + 1, j)));
                    i = j + 1;
                } else if (c == '?') {
                    if (i + 1 < n && sql.charAt(i + 1) >= '0' && sql.charAt(i + 1) <= '9') {
                        return null; // ?NNN binds by number: not handled
                    }
                    out.add(new Token(Kind.PARAM, "?"));
                    i++;
                } else if (c == ',' || c == '=' || c == ';') {
                    out.add(new Token(Kind.SYMBOL, String.valueOf(c)));
                    i++;
                } else {
                    return null; // strings, comments, operators, brackets, named parameters
                }
            }
            return out;
        }

        private static boolean isWordStart(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        }

        private static boolean isWordPart(char c) {
            return isWordStart(c) || (c >= '0' && c <= '9') || c == '$';
        }

        boolean isWord(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        boolean isSymbol(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }
    }

    /** Recursive descent over the token list; each method consumes its part or throws. */
    private static final class Parser {
        private static final List<String> KEYWORDS = List.of("select", "from", "where", "and", "match", "order",
                "by", "asc", "desc", "limit", "offset", "or", "not", "group", "having", "union", "as", "join");
        private final List<Token> tokens;
        private int at;
        private int params;

        Parser(List<Token> tokens) {
            this.tokens = tokens;
        }

        KnnStatement statement() throws NotRecognised {
            expectWord("select");
            List<Output> select = new ArrayList<>();
            do {
                Token t = next();
                if (t.isWord("rowid")) {
                    add(select, Output.ROWID);
                } else if (t.isWord("distance")) {
                    add(select, Output.DISTANCE);
                } else {
                    throw new NotRecognised();
                }
            } while (acceptSymbol(","));
            expectWord("from");
            String table = name();
            expectWord("where");
            String vectorColumn = null;
            int matchParam = -1;
            int kParam = -1;
            long kLiteral = -1;
            boolean kSeen = false;
            List<String> partitionColumns = new ArrayList<>();
            List<Integer> partitionParams = new ArrayList<>();
            do {
                String column = name();
                if (acceptWord("match")) {
                    if (vectorColumn != null) {
                        throw new NotRecognised();
                    }
                    vectorColumn = column;
                    matchParam = param();
                } else if (acceptSymbol("=")) {
                    if (column.equalsIgnoreCase("k")) {
                        if (kSeen) {
                            throw new NotRecognised();
                        }
                        kSeen = true;
                        Token v = next();
                        if (v.kind() == Token.Kind.PARAM) {
                            kParam = params++;
                        } else if (v.kind() == Token.Kind.INTEGER && v.text().length() <= 6) {
                            kLiteral = Long.parseLong(v.text());
                        } else {
                            throw new NotRecognised();
                        }
                    } else {
                        for (String p : partitionColumns) {
                            if (p.equalsIgnoreCase(column)) {
                                throw new NotRecognised();
                            }
                        }
                        partitionColumns.add(column);
                        partitionParams.add(param());
                    }
                } else {
                    throw new NotRecognised();
                }
            } while (acceptWord("and"));
            if (acceptWord("order")) {
                expectWord("by");
                if (!next().isWord("distance")) {
                    throw new NotRecognised();
                }
                acceptWord("asc");
            }
            acceptSymbol(";");
            if (at != tokens.size() || vectorColumn == null || !kSeen) {
                throw new NotRecognised();
            }
            return new KnnStatement(table, List.copyOf(select), vectorColumn, matchParam, kParam, kLiteral,
                    List.copyOf(partitionColumns), List.copyOf(partitionParams), params);
        }

        private static void add(List<Output> select, Output o) throws NotRecognised {
            if (select.contains(o)) {
                throw new NotRecognised();
            }
            select.add(o);
        }

        /** A table or column name: a bare word that is no keyword, or a quoted name. */
        private String name() throws NotRecognised {
            Token t = next();
            if (t.kind() == Token.Kind.QUOTED && !t.text().isEmpty()) {
                return t.text();
            }
            if (t.kind() == Token.Kind.WORD && !KEYWORDS.contains(t.text().toLowerCase(Locale.ROOT))) {
                return t.text();
            }
            throw new NotRecognised();
        }

        private int param() throws NotRecognised {
            if (next().kind() != Token.Kind.PARAM) {
                throw new NotRecognised();
            }
            return params++;
        }

        private Token next() throws NotRecognised {
            if (at >= tokens.size()) {
                throw new NotRecognised();
            }
            return tokens.get(at++);
        }

        private void expectWord(String word) throws NotRecognised {
            if (!next().isWord(word)) {
                throw new NotRecognised();
            }
        }

        private boolean acceptWord(String word) {
            if (at < tokens.size() && tokens.get(at).isWord(word)) {
                at++;
                return true;
            }
            return false;
        }

        private boolean acceptSymbol(String symbol) {
            if (at < tokens.size() && tokens.get(at).isSymbol(symbol)) {
                at++;
                return true;
            }
            return false;
        }
    }
}
