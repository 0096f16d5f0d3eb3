package io.vecbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PercentilesTest {
    @Test
    void nearestRankOfOneToHundredIsThePercentileItself() {
        long[] sorted = new long[100];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i + 1;
        }
        assertThat(Percentiles.nearestRank(sorted, 50)).isEqualTo(50);
        assertThat(Percentiles.nearestRank(sorted, 90)).isEqualTo(90);
        assertThat(Percentiles.nearestRank(sorted, 99)).isEqualTo(99);
        assertThat(Percentiles.nearestRank(sorted, 100)).isEqualTo(100);
        assertThat(Percentiles.nearestRank(sorted, 0.5)).isEqualTo(1);
    }

    @Test
    void medianOfAnEvenCountIsTheLowerMiddleValue() {
        assertThat(Percentiles.nearestRank(new long[] {10, 20, 30, 40}, 50)).isEqualTo(20);
        assertThat(Percentiles.nearestRank(new long[] {10, 20, 30}, 50)).isEqualTo(20);
    }

    @Test
    void aSingleSampleIsEveryPercentile() {
        Percentiles.Summary s = Percentiles.of(new long[] {7});
        assertThat(s).isEqualTo(new Percentiles.Summary(1, 7, 7, 7, 7, 7));
    }

    @Test
    void summarySortsACopyAndLeavesTheSamplesAlone() {
        long[] samples = {5, 1, 4, 2, 3, 10, 9, 8, 7, 6};
        Percentiles.Summary s = Percentiles.of(samples);
        assertThat(s.count()).isEqualTo(10);
        assertThat(s.p50()).isEqualTo(5);
        assertThat(s.p90()).isEqualTo(9);
        assertThat(s.p99()).isEqualTo(10);
        assertThat(s.min()).isEqualTo(1);
        assertThat(s.max()).isEqualTo(10);
        assertThat(samples).containsExactly(5, 1, 4, 2, 3, 10, 9, 8, 7, 6);
    }

    @Test
    void noSamplesOrABadPercentileAreRefused() {
        assertThatThrownBy(() -> Percentiles.of(new long[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no samples");
        assertThatThrownBy(() -> Percentiles.nearestRank(new long[] {1}, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(0, 100]");
        assertThatThrownBy(() -> Percentiles.nearestRank(new long[] {1}, 101))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void samplesGrowPastTheirFirstArray() {
        Samples s = new Samples();
        assertThat(s.summary()).isNull();
        for (int i = 1000; i >= 1; i--) {
            s.add(i);
        }
        assertThat(s.size()).isEqualTo(1000);
        assertThat(s.summary().p50()).isEqualTo(500);
        assertThat(s.summary().max()).isEqualTo(1000);
    }
}
