package io.vecbox.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlTextTest {
    private static String first(String sql) {
        SqlText.First f = SqlText.first(sql);
        return f == null ? null : sql.substring(f.start(), f.end()) + (f.tail() ? " +tail" : "");
    }

    @Test
    void theFirstStatementEndsAtTheFirstSemicolonOutsideQuotesCommentsAndTriggerBodies() {
        assertThat(first("select 1")).isEqualTo("select 1");
        assertThat(first("  select 1 ;  ")).isEqualTo("select 1 ");
        assertThat(first("select 1; select 2")).isEqualTo("select 1 +tail");
        assertThat(first(";; -- c\n select 1;; /* x */ ;")).isEqualTo("select 1");
        assertThat(first("select ';', \";\", `;`, [;] -- ;\n /* ; */ ; x")).isEqualTo(
                "select ';', \";\", `;`, [;] -- ;\n /* ; */  +tail");
        assertThat(first("create trigger tr after insert on t begin select 1; select 2; end; select 3"))
                .isEqualTo("create trigger tr after insert on t begin select 1; select 2; end +tail");
        assertThat(first("create temp trigger tr after insert on t begin select 1; end"))
                .isEqualTo("create temp trigger tr after insert on t begin select 1; end");
        assertThat(first("create table end_(x); select 1")).isEqualTo("create table end_(x) +tail");
        assertThat(first("explain select 1; x")).isEqualTo("explain select 1 +tail");
        assertThat(first("select 'unterminated; x")).isEqualTo("select 'unterminated; x");
        assertThat(first("select 1 -- trailing comment")).isEqualTo("select 1 -- trailing comment");
    }

    @Test
    void textWithoutAStatementHasNoFirstStatement() {
        for (String empty : new String[] {"", "   ", ";", " ; ;", "-- only\n", "/* only */", "/* open"}) {
            assertThat(SqlText.first(empty)).as(empty).isNull();
        }
    }

    @Test
    void firstWordAndTheStatementAnExplainExplains() {
        assertThat(SqlText.firstWord(" /* c */ -- d\n PRAGMA x")).isEqualTo("pragma");
        assertThat(SqlText.firstWord("(select 1)")).isEmpty();
        assertThat(SqlText.explained("explain select 1")).isEqualTo("select 1");
        assertThat(SqlText.explained("EXPLAIN /* c */ Query  Plan select 1")).isEqualTo(" select 1");
        assertThat(SqlText.explained("explain queryx")).isEqualTo("queryx");
    }
}
