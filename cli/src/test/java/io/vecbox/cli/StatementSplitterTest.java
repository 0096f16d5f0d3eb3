package io.vecbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementSplitterTest {
    @Test
    void splitsOnSemicolonsOutsideQuotesAndComments() {
        StatementSplitter s = new StatementSplitter();
        assertThat(s.add("select 'a;b', \"c;\" -- d;")).isEmpty();
        assertThat(s.pending()).isTrue();
        assertThat(s.add("from t /* ; */; select 2; sel")).containsExactly(
                "select 'a;b', \"c;\" -- d;\nfrom t /* ; */", "select 2");
        assertThat(s.add("ect 3;")).containsExactly("sel\nect 3");
        assertThat(s.pending()).isFalse();
    }

    @Test
    void routesByFirstKeyword() {
        assertThat(StatementSplitter.isQuery("  -- hi\n (SELECT 1)")).isTrue();
        assertThat(StatementSplitter.isQuery("with x as (select 1) select * from x")).isTrue();
        assertThat(StatementSplitter.isQuery("pragma table_info(t)")).isTrue();
        assertThat(StatementSplitter.isQuery("/* c */ values (1)")).isTrue();
        assertThat(StatementSplitter.isQuery("insert into t values (1)")).isFalse();
        assertThat(StatementSplitter.isQuery("create table selection(a)")).isFalse();
    }

    @Test
    void recognisesTransactionControl() {
        assertThat(StatementSplitter.transactionControl("begin immediate")).isEqualTo("BEGIN");
        assertThat(StatementSplitter.transactionControl("/* x */ Commit")).isEqualTo("COMMIT");
        assertThat(StatementSplitter.transactionControl("savepoint a")).isEqualTo("SAVEPOINT");
        assertThat(StatementSplitter.transactionControl("select 'begin'")).isNull();
        assertThat(StatementSplitter.transactionControl("create table ends(a)")).isNull();
    }
}
