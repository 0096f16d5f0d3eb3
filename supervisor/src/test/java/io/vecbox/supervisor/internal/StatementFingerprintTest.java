package io.vecbox.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vecbox.protocol.SqlStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementFingerprintTest {
    private static StatementFingerprint fp(String sql, Object... params) {
        return StatementFingerprint.of(sql, params.length == 0 ? List.of() : Arrays.asList(params));
    }

    @Test
    void commentsWhitespaceCaseAndLiteralsDoNotChangeTheShape() {
        String shape = fp("select rowid from scratch_renamed where rowid = 1").shape();
        assertThat(shape).isEqualTo("select rowid from scratch_renamed where rowid = ?");
        for (String variant : List.of(
                "select rowid from scratch_renamed where rowid = 2",
                "/* x */ SELECT rowid FROM scratch_renamed WHERE rowid=3",
                "SELECT ROWID FROM SCRATCH_RENAMED WHERE ROWID = 4",
                "select rowid\n  from scratch_renamed\n where rowid = 5 -- five",
                "select rowid from \"scratch_renamed\" where rowid = 6",
                "select\trowid\tfrom\tscratch_renamed\twhere\trowid\t=\t7",
                "select rowid from [scratch_renamed] where rowid = 0x8",
                "select rowid from `Scratch_Renamed` where rowid = 9.5e3",
                "select rowid from scratch_renamed where rowid = 'ten'",
                "select rowid from scratch_renamed where rowid = x'0b'",
                "select rowid from scratch_renamed where rowid = ?",
                "select rowid from scratch_renamed where rowid = :id")) {
            assertThat(fp(variant).shape()).as(variant).isEqualTo(shape);
        }
    }

    @Test
    void aDifferentStatementHasADifferentShape() {
        String shape = fp("select rowid from t where rowid = 1").shape();
        assertThat(fp("select rowid from t where rowid = -1").shape()).isNotEqualTo(shape);
        assertThat(fp("select rowid from u where rowid = 1").shape()).isNotEqualTo(shape);
        assertThat(fp("select rowid from t where rowid > 1").shape()).isNotEqualTo(shape);
        assertThat(fp("select rowid from t where rowid = 1 limit 1").shape()).isNotEqualTo(shape);
    }

    @Test
    void quotedIdentifiersThatNeedTheirQuotesKeepThem() {
        assertThat(fp("select \"a b\" from t").shape()).isEqualTo("select \"a b\" from t");
        assertThat(fp("select \"A\"\"B\" from t").shape()).isEqualTo("select \"a\"\"b\" from t");
        assertThat(fp("select \"a b\" from t").shape()).isNotEqualTo(fp("select a b from t").shape());
    }

    @Test
    void onlyAsciiLettersAreFolded() {
        assertThat(fp("SELECT Größe FROM T").shape()).isEqualTo("select größe from t");
    }

    @Test
    void stringLiteralsWithSemicolonsOrCommentMarkersAreOneLiteral() {
        assertThat(fp("select 'a; -- /* b' from t").shape()).isEqualTo("select ? from t");
    }

    @Test
    void textTheTokenizerRefusesKeepsItsTextWithWhitespaceCollapsed() {
        assertThat(fp("select 'unterminated\n  from t").shape()).isEqualTo("select 'unterminated from t");
        assertThat(fp("select 'unterminated").values()).hasSize(32);
    }

    @Test
    void valuesDifferWithLiteralsAndWithParameters() {
        String one = fp("select * from t where a = 1").values();
        assertThat(fp("select * from t where a = 1 /* c */").values()).isEqualTo(one);
        assertThat(fp("SELECT * FROM t WHERE a=1").values()).isEqualTo(one);
        assertThat(fp("select * from t where a = 2").values()).isNotEqualTo(one);
        assertThat(fp("select * from t where a = '1'").values()).as("string, not number").isNotEqualTo(one);

        String p1 = fp("select * from t where a = ?", 1L).values();
        assertThat(fp("select * from t where a = ?", 1L).values()).isEqualTo(p1);
        assertThat(fp("select * from t where a = ?", 2L).values()).isNotEqualTo(p1);
        assertThat(fp("select * from t where a = ?", "1").values()).isNotEqualTo(p1);
        assertThat(fp("select * from t where a = ?", 1.0).values()).isNotEqualTo(p1);
        assertThat(fp("select * from t where a = ?", (Object) null).values()).isNotEqualTo(p1);
        assertThat(fp("select * from t where a = ?", (Object) new byte[] {1}).values())
                .isEqualTo(fp("select * from t where a = ?", (Object) new byte[] {1}).values())
                .isNotEqualTo(fp("select * from t where a = ?", (Object) new byte[] {2}).values());
    }

    @Test
    void valueBoundariesCannotBeShifted() {
        assertThat(fp("select ?, ?", "ab", "c").values()).isNotEqualTo(fp("select ?, ?", "a", "bc").values());
        assertThat(fp("select 'ab', 'c'").values()).isNotEqualTo(fp("select 'a', 'bc'").values());
    }

    @Test
    void batchesJoinTheirStatementsAndCountEveryParameter() {
        StatementFingerprint b = StatementFingerprint.ofBatch(List.of(
                new SqlStatement("INSERT INTO t VALUES (?)", List.of(1L)),
                new SqlStatement("delete  from t where id = 3", List.of())));
        assertThat(b.shape()).isEqualTo("insert into t values ( ? ) ; delete from t where id = ?");
        StatementFingerprint other = StatementFingerprint.ofBatch(List.of(
                new SqlStatement("insert into t values (?)", List.of(2L)),
                new SqlStatement("delete from t where id = 3", List.of())));
        assertThat(other.shape()).isEqualTo(b.shape());
        assertThat(other.values()).isNotEqualTo(b.values());
    }

    @Test
    void executeManyCountsEveryRow() {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of(1L));
        rows.add(List.of(2L));
        StatementFingerprint many = StatementFingerprint.ofMany("insert into t values (?)", rows);
        StatementFingerprint fewer = StatementFingerprint.ofMany("insert into t values (?)", List.of(List.of(1L)));
        assertThat(many.shape()).isEqualTo(fewer.shape());
        assertThat(many.values()).isNotEqualTo(fewer.values());
    }

    @Test
    void foldAsciiLeavesLowerCaseAlone() {
        String s = "already lower";
        assertThat(StatementFingerprint.foldAscii(s)).isSameAs(s);
        assertThat(StatementFingerprint.foldAscii("MiXeD_1$")).isEqualTo("mixed_1$");
    }
}
