package io.vecbox.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MemoryGuardTest {
    private static long parse(String statm) {
        byte[] b = statm.getBytes(StandardCharsets.US_ASCII);
        return MemoryGuard.privateResidentBytes(ByteBuffer.wrap(b), b.length);
    }

    @Test
    void privateResidentIsResidentMinusSharedFileBackedPages() {
        // size resident shared text lib data dt
        assertThat(parse("1000000 70000 50000 1 0 60000 0\n")).isEqualTo(20000L * 4096);
    }

    @Test
    void mappedFilePagesDoNotCount() {
        // A reader that touched 100,000 pages of a mapped database file: resident and shared both grow.
        long before = parse("900000 30000 10000 1 0 50000 0\n");
        long after = parse("990000 130000 110000 1 0 50000 0\n");
        assertThat(after).isEqualTo(before);
    }

    @Test
    void truncatedTextIsUnreadable() {
        assertThat(parse("1000000 70000")).isEqualTo(-1);
        assertThat(parse("1000000")).isEqualTo(-1);
        assertThat(parse("")).isEqualTo(-1);
    }

    @Test
    void readsThisProcess() {
        assertThat(MemoryGuard.privateResidentBytes()).isPositive();
    }
}
