package io.vecbox.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {
    private static String digits(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append((char) ('0' + i % 10));
        }
        return sb.toString();
    }

    @Test
    void headTailKeepsShortText() {
        assertThat(Text.headTail("short", 16)).isEqualTo("short");
        String exact = digits(16);
        assertThat(Text.headTail(exact, 16)).isSameAs(exact);
    }

    @Test
    void headTailCutsTheMiddle() {
        String s = "abcdefghijklmnopqrstuvwxyz0123456789";
        String cut = Text.headTail(s, 16);
        assertThat(cut).hasSize(16).isEqualTo("abcdefghij…56789");
        assertThat(cut).startsWith("abcdefghij").endsWith("56789").containsOnlyOnce("…");
    }

    @Test
    void headTailLengthIsExactlyMax() {
        String s = digits(1000);
        for (int max = 16; max < 200; max += 7) {
            String cut = Text.headTail(s, max);
            assertThat(cut).hasSize(max);
            assertThat(s).startsWith(cut.substring(0, cut.indexOf('…')));
            assertThat(s).endsWith(cut.substring(cut.indexOf('…') + 1));
        }
    }

    @Test
    void sqlCollapsesWhitespace() {
        assertThat(Text.sql("\n  SELECT *\n\tFROM t\r\n  WHERE  x = ?  \n")).isEqualTo("SELECT * FROM t WHERE x = ?");
    }

    @Test
    void sqlIsCappedAt200Characters() {
        String longSql = "SELECT " + "col, ".repeat(100) + "last FROM t WHERE id = 42";
        String out = Text.sql(longSql);
        assertThat(out).hasSize(200).startsWith("SELECT col, col,").endsWith("last FROM t WHERE id = 42").contains("…");
        String justFits = "SELECT '" + "x".repeat(191) + "'"; // 200 characters
        assertThat(Text.sql(justFits)).isEqualTo(justFits);
    }

    @Test
    void sqlIsOneLine() {
        String multi = "SELECT 1\n".repeat(100);
        assertThat(Text.sql(multi)).doesNotContain("\n").hasSizeLessThanOrEqualTo(200);
    }

    @Test
    void indentEmpty() {
        assertThat(Text.indent("")).isEqualTo("(empty)");
    }

    @Test
    void indentPutsEveryLineOnItsOwnIndentedLine() {
        assertThat(Text.indent("one")).isEqualTo("\n    one");
        assertThat(Text.indent("one\ntwo\nthree")).isEqualTo("\n    one\n    two\n    three");
    }
}
