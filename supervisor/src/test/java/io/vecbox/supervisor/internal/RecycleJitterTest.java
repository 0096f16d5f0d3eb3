package io.vecbox.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each worker's own {@code maxRequestsPerWorker} threshold: 10 to 25 % below the configured number. */
class RecycleJitterTest {
    private static List<Long> draws(long seed, long max, int n) {
        Random random = new Random(seed);
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(RecycleJitter.threshold(max, random.nextDouble()));
        }
        return out;
    }

    @Test
    void everyThresholdIsTenToTwentyFivePercentBelowTheConfiguredNumber() {
        List<Long> thresholds = draws(42, 10_000, 2000);
        assertThat(thresholds).allSatisfy(t -> assertThat(t).isBetween(7_500L, 9_000L));
        assertThat(thresholds).as("both ends of the range are reached").anySatisfy(t -> assertThat(t).isLessThan(7_600L))
                .anySatisfy(t -> assertThat(t).isGreaterThan(8_900L));
    }

    @Test
    void workersDrawDifferentThresholdsSoTheyDoNotRecycleTogether() {
        Set<Long> distinct = new HashSet<>(draws(7, 10_000, 8));
        assertThat(distinct).as("8 workers, 1,500 possible thresholds").hasSizeGreaterThan(6);
    }

    @Test
    void theSameSeedGivesTheSameThresholds() {
        assertThat(draws(123, 50, 20)).isEqualTo(draws(123, 50, 20));
    }

    @Test
    void theEndsOfTheRangeForFifty() {
        assertThat(RecycleJitter.threshold(50, 0.0)).isEqualTo(45);
        assertThat(RecycleJitter.threshold(50, Math.nextDown(1.0))).isEqualTo(38);
        assertThat(RecycleJitter.threshold(50, 0.5)).isEqualTo(42); // cut floor(50 * 0.175) = 8
    }

    @Test
    void aSmallNumberNeverGoesBelowOne() {
        assertThat(RecycleJitter.threshold(1, 0.99)).isEqualTo(1);
        assertThat(RecycleJitter.threshold(4, 0.99)).isEqualTo(4); // floor(4 * 0.2485) = 0
        assertThat(RecycleJitter.threshold(8, 0.99)).isEqualTo(7);
    }

    @Test
    void rejectsWhatCannotBeAThreshold() {
        assertThatThrownBy(() -> RecycleJitter.threshold(0, 0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxRequests < 1: 0");
        assertThatThrownBy(() -> RecycleJitter.threshold(10, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecycleJitter.threshold(10, -0.1)).isInstanceOf(IllegalArgumentException.class);
    }
}
