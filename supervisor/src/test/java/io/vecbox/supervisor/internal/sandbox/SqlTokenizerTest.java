package io.vecbox.supervisor.internal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vecbox.supervisor.internal.sandbox.Token.Type;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlTokenizerTest {
    private static List<Token> tokens(String sql) {
        try {
            return SqlTokenizer.tokenize(sql);
        } catch (SqlSyntaxException e) {
            throw new AssertionError("unexpected: " + e.getMessage(), e);
        }
    }

    private static List<Type> types(String sql) {
        return tokens(sql).stream().map(Token::type).toList();
    }

    private static List<String> texts(String sql) {
        return tokens(sql).stream().map(Token::text).toList();
    }

    static List<Arguments> singleTokens() {
        return List.of(
                Arguments.of("select", Type.WORD, "select"),
                Arguments.of("_x$1", Type.WORD, "_x$1"),
                Arguments.of("größe", Type.WORD, "größe"),
                Arguments.of("名前", Type.WORD, "名前"),
                Arguments.of("a\u00a0b", Type.WORD, "a\u00a0b"), // NBSP is an identifier char to SQLite
                Arguments.of("emoji\uD83D\uDE00", Type.WORD, "emoji\uD83D\uDE00"),
                Arguments.of("\"my col\"", Type.QUOTED_IDENTIFIER, "my col"),
                Arguments.of("\"a\"\"b\"", Type.QUOTED_IDENTIFIER, "a\"b"),
                Arguments.of("`a``b`", Type.QUOTED_IDENTIFIER, "a`b"),
                Arguments.of("[a\"b]", Type.QUOTED_IDENTIFIER, "a\"b"),
                Arguments.of("[]", Type.QUOTED_IDENTIFIER, ""),
                Arguments.of("'it''s'", Type.STRING, "it's"),
                Arguments.of("''", Type.STRING, ""),
                Arguments.of("x'00ff'", Type.BLOB, "x'00ff'"),
                Arguments.of("X'AbCd'", Type.BLOB, "X'AbCd'"),
                Arguments.of("x''", Type.BLOB, "x''"),
                Arguments.of("42", Type.NUMBER, "42"),
                Arguments.of("1.5", Type.NUMBER, "1.5"),
                Arguments.of("1.", Type.NUMBER, "1."),
                Arguments.of(".5", Type.NUMBER, ".5"),
                Arguments.of("1e5", Type.NUMBER, "1e5"),
                Arguments.of("2.5E-3", Type.NUMBER, "2.5E-3"),
                Arguments.of("1e+5", Type.NUMBER, "1e+5"),
                Arguments.of("0x1F", Type.NUMBER, "0x1F"),
                Arguments.of("1_000_000", Type.NUMBER, "1_000_000"),
                Arguments.of("?", Type.PARAMETER, "?"),
                Arguments.of("?12", Type.PARAMETER, "?12"),
                Arguments.of(":name", Type.PARAMETER, ":name"),
                Arguments.of("@name", Type.PARAMETER, "@name"),
                Arguments.of("$name", Type.PARAMETER, "$name"),
                Arguments.of("#name", Type.PARAMETER, "#name"),
                Arguments.of("$a::b", Type.PARAMETER, "$a::b"),
                Arguments.of("$a(x)", Type.PARAMETER, "$a(x)"),
                Arguments.of("||", Type.OPERATOR, "||"),
                Arguments.of("->", Type.OPERATOR, "->"),
                Arguments.of("->>", Type.OPERATOR, "->>"),
                Arguments.of("<=", Type.OPERATOR, "<="),
                Arguments.of(">=", Type.OPERATOR, ">="),
                Arguments.of("==", Type.OPERATOR, "=="),
                Arguments.of("!=", Type.OPERATOR, "!="),
                Arguments.of("<>", Type.OPERATOR, "<>"),
                Arguments.of("<<", Type.OPERATOR, "<<"),
                Arguments.of(">>", Type.OPERATOR, ">>"),
                Arguments.of("(", Type.LEFT_PAREN, "("),
                Arguments.of(")", Type.RIGHT_PAREN, ")"),
                Arguments.of(",", Type.COMMA, ","),
                Arguments.of(";", Type.SEMICOLON, ";"),
                Arguments.of(".", Type.DOT, "."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("singleTokens")
    void readsEachTokenType(String sql, Type type, String text) {
        List<Token> ts = tokens("  " + sql + "\n");
        assertThat(ts).containsExactly(new Token(type, text, 2, 2 + sql.length()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+", "-", "*", "/", "%", "&", "|", "~", "<", ">", "="})
    void readsSingleCharOperators(String op) {
        assertThat(tokens("a" + op + "b")).extracting(Token::type)
                .containsExactly(Type.WORD, Type.OPERATOR, Type.WORD);
        assertThat(tokens("a" + op + "b").get(1).text()).isEqualTo(op);
    }

    @Test
    void positionsAreCharOffsetsOfTheSourceText() {
        String sql = "select \"a b\", 'x' /* c */ from t -- end";
        List<Token> ts = tokens(sql);
        assertThat(ts).extracting(Token::start).containsExactly(0, 7, 12, 14, 26, 31);
        assertThat(ts).extracting(t -> sql.substring(t.start(), t.end()))
                .containsExactly("select", "\"a b\"", ",", "'x'", "from", "t");
    }

    @Test
    void commentsAndWhitespaceAreNotTokens() {
        assertThat(tokens("")).isEmpty();
        assertThat(tokens(" \t\r\n\f -- only\n/* and */ -- this")).isEmpty();
        assertThat(texts("select/**/1--x\r;\n+2")).containsExactly("select", "1", "+", "2");
        assertThat(texts("/* a */select/*/ still comment */1")).containsExactly("select", "1");
        assertThat(texts("\uFEFFselect 1")).containsExactly("select", "1");
    }

    @Test
    void lineCommentEndsAtNewlineOnly() {
        // SQLite ends -- at '\n', so a '\r' does not end it and the ';' stays in the comment.
        assertThat(types("select 1 -- x\r; drop table t")).containsExactly(Type.WORD, Type.NUMBER);
        assertThat(types("select 1 -- x\n; drop")).containsExactly(Type.WORD, Type.NUMBER, Type.SEMICOLON, Type.WORD);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "select ';'", "select 'a;b' from t", "select \"a;b\" from t", "select `a;b`", "select [a;b]",
            "select 1 /* ; */", "select 1 -- ;", "select x'3b'", "select $a(;)", "select 'x'';'"})
    void semicolonInsideLiteralsCommentsAndIdentifiersIsNotASeparator(String sql) {
        assertThat(types(sql)).doesNotContain(Type.SEMICOLON);
    }

    @Test
    void tclParameterSuffixSwallowsQuotesLikeSqliteDoes() {
        // To SQLite "$a(')" is one parameter; reading its quote as a string would hide the rest.
        assertThat(texts("select $a(') ; delete from t"))
                .containsExactly("select", "$a(')", ";", "delete", "from", "t");
        assertThat(texts("$a::b::c(x)y")).containsExactly("$a::b::c(x)", "y");
    }

    @Test
    void keywordsKeepTheirCaseAndNumbersEndAtOperators() {
        assertThat(texts("SeLeCt 1+2-3.5e2*.5")).containsExactly("SeLeCt", "1", "+", "2", "-", "3.5e2", "*", ".5");
        assertThat(texts("a.b.c")).containsExactly("a", ".", "b", ".", "c");
        assertThat(texts("t.\"x\"")).containsExactly("t", ".", "x");
        assertThat(texts("1.e5")).containsExactly("1.e5");
        assertThat(texts("x1'a'")).containsExactly("x1", "a");
        assertThat(texts("?1a")).containsExactly("?1", "a");
    }

    @Test
    void quotedIdentifierTextIsTheUnquotedName() {
        assertThat(tokens("\"load_extension\"('x')")).extracting(Token::type, Token::text).containsExactly(
                Tuple.tuple(Type.QUOTED_IDENTIFIER, "load_extension"),
                Tuple.tuple(Type.LEFT_PAREN, "("),
                Tuple.tuple(Type.STRING, "x"),
                Tuple.tuple(Type.RIGHT_PAREN, ")"));
    }

    static List<Arguments> malformed() {
        return List.of(
                Arguments.of("select 'abc", 7, "unterminated string literal"),
                Arguments.of("select 'it''s", 7, "unterminated string literal"),
                Arguments.of("select \"abc", 7, "unterminated \" quoted identifier"),
                Arguments.of("select `abc", 7, "unterminated ` quoted identifier"),
                Arguments.of("select [abc", 7, "unterminated [ quoted identifier"),
                Arguments.of("select 1 /* abc", 9, "unterminated /* comment"),
                Arguments.of("select 1 /*", 9, "unterminated /* comment"),
                Arguments.of("select 1 /*/", 9, "unterminated /* comment"),
                Arguments.of("select x'0'", 7, "odd number of hex digits"),
                Arguments.of("select x'0g'", 7, "non-hex digit"),
                Arguments.of("select x'00", 7, "unterminated blob literal"),
                Arguments.of("select 1abc", 7, "malformed number"),
                Arguments.of("select 0x", 7, "malformed number"),
                Arguments.of("select 1e", 7, "malformed number"),
                Arguments.of("select $", 7, "without a name"),
                Arguments.of("select : 1", 7, "parameter : without a name"),
                Arguments.of("select $a(x y)", 7, "unterminated ( suffix"),
                Arguments.of("select !1", 7, "'!' not followed by '='"),
                Arguments.of("select \\", 7, "unexpected character '\\'"),
                Arguments.of("select ^1", 7, "unexpected character '^'"),
                Arguments.of("select {}", 7, "unexpected character '{'"),
                Arguments.of("select\u000b1", 6, "unexpected character U+000B"),
                Arguments.of("select 1\u0000; delete from t", 8, "NUL character"),
                Arguments.of("select 'a\u0000'", 9, "NUL character"),
                Arguments.of("select \uD800", 7, "unpaired surrogate"),
                Arguments.of("select a\uDC00", 8, "unpaired surrogate"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsWhatSqliteWouldNotTokenize(String sql, int position, String reason) {
        assertThatThrownBy(() -> SqlTokenizer.tokenize(sql))
                .isInstanceOfSatisfying(SqlSyntaxException.class, e -> {
                    assertThat(e.position()).isEqualTo(position);
                    assertThat(e.reason()).contains(reason);
                    assertThat(e.getMessage()).contains(reason).endsWith("at position " + position);
                });
    }

    @Test
    void isLinearOnLargeInput() {
        String sql = "select " + "a, ".repeat(200_000) + "'" + "x".repeat(500_000) + "' /*" + " ".repeat(500_000) + "*/";
        long t0 = System.nanoTime();
        assertThat(tokens(sql)).hasSize(1 + 400_000 + 1);
        assertThat(System.nanoTime() - t0).isLessThan(5_000_000_000L);
    }
}
