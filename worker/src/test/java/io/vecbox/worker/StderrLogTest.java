package io.vecbox.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StderrLogTest {
    private static void assertAsInstant(long epochSecond, int nano) {
        assertThat(StderrLog.timestamp(epochSecond, nano)).as("%d.%09d", epochSecond, nano)
                .isEqualTo(Instant.ofEpochSecond(epochSecond, nano).toString());
    }

    @Test
    void timestampsAreWhatInstantPrints() {
        long[] seconds = {0, 59, 86_399, 86_400, 951_782_400L /* 2000-02-29 */, 951_868_800L, 4_107_542_399L,
            1_764_672_132L, 253_402_300_799L /* 9999-12-31T23:59:59 */, 253_402_300_800L, -1, -86_401, -62_167_219_200L};
        int[] nanos = {0, 1, 999, 1000, 373_000_000, 373_166_000, 373_166_730, 999_999_999, 100_000, 10};
        for (long s : seconds) {
            for (int n : nanos) {
                assertAsInstant(s, n);
            }
        }
        SplittableRandom random = new SplittableRandom(12);
        for (int i = 0; i < 20_000; i++) {
            assertAsInstant(random.nextLong(-70_000_000_000L, 300_000_000_000L), random.nextInt(1_000_000_000));
        }
    }
}
