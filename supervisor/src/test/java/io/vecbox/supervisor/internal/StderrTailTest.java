package io.vecbox.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StderrTailTest {
    @Test
    void emptyTailIsEmptyText() {
        assertThat(new StderrTail(3, 100).text()).isEmpty();
    }

    @Test
    void keepsLinesInOrder() {
        StderrTail t = new StderrTail(3, 100);
        t.add("a");
        t.add("b");
        assertThat(t.text()).isEqualTo("a\nb");
    }

    @Test
    void keepsOnlyTheLastLines() {
        StderrTail t = new StderrTail(3, 100);
        for (int i = 1; i <= 10; i++) {
            t.add("line " + i);
        }
        assertThat(t.text()).isEqualTo("line 8\nline 9\nline 10");
    }

    @Test
    void longLinesAreCutInTheMiddle() {
        StderrTail t = new StderrTail(3, 20);
        String longLine = "Exception in thread main " + "x".repeat(500) + " at Foo.java:42";
        t.add(longLine);
        String text = t.text();
        assertThat(text).hasSize(20).startsWith("Exception").endsWith(":42").contains("…");
    }

    @Test
    void emptyLinesAreKept() {
        StderrTail t = new StderrTail(3, 20);
        t.add("a");
        t.add("");
        t.add("b");
        assertThat(t.text()).isEqualTo("a\n\nb");
    }
}
