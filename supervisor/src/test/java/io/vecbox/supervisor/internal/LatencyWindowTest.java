package io.vecbox.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyWindowTest {
    @Test
    void emptyWindowGivesZero() {
        LatencyWindow w = new LatencyWindow(10);
        assertThat(w.percentile(0.5)).isZero();
        assertThat(w.percentile(0.99)).isZero();
        assertThat(w.percentile(1.0)).isZero();
    }

    @Test
    void nearestRankPercentiles() {
        LatencyWindow w = new LatencyWindow(100);
        for (long v = 100; v >= 1; v--) { // recorded out of order
            w.record(v);
        }
        assertThat(w.percentile(0.5)).isEqualTo(50);
        assertThat(w.percentile(0.9)).isEqualTo(90);
        assertThat(w.percentile(0.99)).isEqualTo(99);
        assertThat(w.percentile(1.0)).isEqualTo(100);
        assertThat(w.percentile(0.001)).isEqualTo(1);
    }

    @Test
    void nearestRankRoundsUp() {
        LatencyWindow w = new LatencyWindow(10);
        w.record(10);
        w.record(20);
        w.record(30);
        w.record(40);
        w.record(50);
        // rank = ceil(q * 5)
        assertThat(w.percentile(0.5)).isEqualTo(30);
        assertThat(w.percentile(0.41)).isEqualTo(30);
        assertThat(w.percentile(0.4)).isEqualTo(20);
        assertThat(w.percentile(0.99)).isEqualTo(50);
    }

    @Test
    void singleSample() {
        LatencyWindow w = new LatencyWindow(4);
        w.record(7);
        assertThat(w.percentile(0.01)).isEqualTo(7);
        assertThat(w.percentile(1.0)).isEqualTo(7);
    }

    @Test
    void oldestSamplesAreOverwrittenAtCapacity() {
        LatencyWindow w = new LatencyWindow(3);
        w.record(1000);
        w.record(2000);
        w.record(3000);
        assertThat(w.percentile(1.0)).isEqualTo(3000);
        w.record(1);
        w.record(2);
        // 1000 and 2000 are gone; kept: 3000, 1, 2
        assertThat(w.percentile(1.0)).isEqualTo(3000);
        assertThat(w.percentile(0.5)).isEqualTo(2);
        assertThat(w.percentile(0.01)).isEqualTo(1);
        w.record(3);
        // 3000 gone too, after wrapping round
        assertThat(w.percentile(1.0)).isEqualTo(3);
    }

    @Test
    void partiallyFilledWindowIgnoresUnusedSlots() {
        LatencyWindow w = new LatencyWindow(10);
        w.record(5);
        w.record(6);
        // unused slots hold 0 and must not be counted as samples
        assertThat(w.percentile(0.01)).isEqualTo(5);
        assertThat(w.percentile(0.5)).isEqualTo(5);
    }
}
