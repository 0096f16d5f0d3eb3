package io.vecbox.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vecbox.supervisor.RestartPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestartScheduleTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private static RestartPolicy policy(double jitter, int maxRestarts, Duration period) {
        return RestartPolicy.builder()
                .initialBackoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofMillis(1000))
                .backoffFactor(2.0)
                .jitter(jitter)
                .maxRestarts(maxRestarts, period)
                .coolDown(Duration.ofSeconds(30))
                .build();
    }

    @Test
    void backoffDoublesAndIsCappedAtMaxBackoff() {
        RestartSchedule s = new RestartSchedule(policy(0.0, 100, Duration.ofSeconds(60)), () -> 0.5);
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            RestartSchedule.Decision d = s.onLoss(i * MS);
            assertThat(d.coolDown()).isFalse();
            delays.add(d.delayNanos() / MS);
        }
        assertThat(delays).containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L, 1000L);
        assertThat(s.recentRestarts()).isEqualTo(7);
    }

    @Test
    void jitterZeroIgnoresTheRandomSource() {
        RestartSchedule low = new RestartSchedule(policy(0.0, 10, Duration.ofSeconds(60)), () -> 0.0);
        RestartSchedule high = new RestartSchedule(policy(0.0, 10, Duration.ofSeconds(60)), () -> 0.999);
        assertThat(low.onLoss(0).delayNanos()).isEqualTo(100 * MS);
        assertThat(high.onLoss(0).delayNanos()).isEqualTo(100 * MS);
    }

    @Test
    void jitterLowerBoundWithRandomZero() {
        RestartSchedule s = new RestartSchedule(policy(0.2, 10, Duration.ofSeconds(60)), () -> 0.0);
        assertThat(s.onLoss(0).delayNanos()).isEqualTo(80 * MS);
        assertThat(s.onLoss(1).delayNanos()).isEqualTo(160 * MS);
    }

    @Test
    void jitterUpperBoundWithRandomNearOne() {
        RestartSchedule s = new RestartSchedule(policy(0.2, 10, Duration.ofSeconds(60)), () -> 0.999);
        long d = s.onLoss(0).delayNanos();
        assertThat((double) d).isCloseTo(120.0 * MS, within(0.1 * MS));
        assertThat(d).isLessThanOrEqualTo(120 * MS);
    }

    @Test
    void jitterAppliesToTheCappedDelay() {
        RestartSchedule s = new RestartSchedule(policy(0.5, 100, Duration.ofSeconds(60)), () -> 0.0);
        long last = 0;
        for (int i = 0; i < 8; i++) {
            last = s.onLoss(i).delayNanos();
        }
        assertThat(last).isEqualTo(500 * MS); // 1000 ms cap * (1 - 0.5)
    }

    @Test
    void exceedingMaxRestartsWithinThePeriodCoolsDown() {
        RestartSchedule s = new RestartSchedule(policy(0.0, 3, Duration.ofSeconds(10)), () -> 0.5);
        assertThat(s.onLoss(0).coolDown()).isFalse();
        assertThat(s.onLoss(1 * S).coolDown()).isFalse();
        assertThat(s.onLoss(2 * S).coolDown()).isFalse();
        RestartSchedule.Decision d = s.onLoss(3 * S);
        assertThat(d.coolDown()).isTrue();
        assertThat(d.delayNanos()).isEqualTo(30 * S);
    }

    @Test
    void afterCoolDownTheCountStartsAfresh() {
        RestartSchedule s = new RestartSchedule(policy(0.0, 2, Duration.ofSeconds(10)), () -> 0.5);
        s.onLoss(0);
        s.onLoss(1 * S);
        assertThat(s.onLoss(2 * S).coolDown()).isTrue();
        assertThat(s.recentRestarts()).isZero();
        // still inside the original 10 s window, yet the slot starts over at the initial backoff
        RestartSchedule.Decision d = s.onLoss(3 * S);
        assertThat(d.coolDown()).isFalse();
        assertThat(d.delayNanos()).isEqualTo(100 * MS);
        assertThat(s.onLoss(4 * S).delayNanos()).isEqualTo(200 * MS);
        assertThat(s.onLoss(5 * S).coolDown()).isTrue();
    }

    @Test
    void restartsOlderThanThePeriodFallOutSoBackoffResets() {
        RestartSchedule s = new RestartSchedule(policy(0.0, 3, Duration.ofSeconds(10)), () -> 0.5);
        s.onLoss(0);
        s.onLoss(1 * S);
        s.onLoss(2 * S);
        // 0 s is exactly one period old at 10 s and falls out; 1 s and 2 s remain
        RestartSchedule.Decision d = s.onLoss(10 * S);
        assertThat(d.coolDown()).isFalse();
        assertThat(d.delayNanos()).isEqualTo(400 * MS);
        assertThat(s.recentRestarts()).isEqualTo(3);
        // long quiet spell: everything falls out, back to the first delay
        RestartSchedule.Decision later = s.onLoss(100 * S);
        assertThat(later.delayNanos()).isEqualTo(100 * MS);
        assertThat(s.recentRestarts()).isEqualTo(1);
    }

    @Test
    void restartJustInsideThePeriodStillCounts() {
        RestartSchedule s = new RestartSchedule(policy(0.0, 2, Duration.ofSeconds(10)), () -> 0.5);
        s.onLoss(0);
        s.onLoss(1);
        assertThat(s.onLoss(10 * S - 1).coolDown()).isTrue();
    }

    @Test
    void worksWithNanoTimeValuesNearOverflow() {
        RestartSchedule s = new RestartSchedule(policy(0.0, 2, Duration.ofSeconds(10)), () -> 0.5);
        long t = Long.MAX_VALUE - 5 * S;
        s.onLoss(t);
        s.onLoss(t + 1 * S);
        // wraps past Long.MAX_VALUE: differences still work
        assertThat(s.onLoss(t + 6 * S).coolDown()).isTrue();
        s.onLoss(t + 7 * S);
        assertThat(s.onLoss(t + 30 * S).delayNanos()).isEqualTo(100 * MS);
    }

    @Test
    void defaultPolicyFirstDelayIsWithinJitterBounds() {
        RestartSchedule low = new RestartSchedule(RestartPolicy.ofDefaults(), () -> 0.0);
        RestartSchedule high = new RestartSchedule(RestartPolicy.ofDefaults(), () -> 0.999_999);
        assertThat(low.onLoss(0).delayNanos()).isEqualTo(80 * MS);
        assertThat(high.onLoss(0).delayNanos()).isBetween(119 * MS, 120 * MS);
    }

    @Test
    void aWorkerKilledByItsRequestIsReplacedAtOnceAndNotCounted() {
        RestartSchedule s = new RestartSchedule(policy(0.0, 2, Duration.ofSeconds(10)), () -> 0.5);
        for (int i = 0; i < 50; i++) {
            RestartSchedule.Decision d = s.onLoss(i * MS, true);
            assertThat(d.coolDown()).isFalse();
            assertThat(d.delayNanos()).isZero();
        }
        assertThat(s.recentRestarts()).isZero();
        // the slot's own failures still back off from the first delay and still cool down
        assertThat(s.onLoss(1 * S).delayNanos()).isEqualTo(100 * MS);
        assertThat(s.onLoss(2 * S, true).delayNanos()).isZero();
        assertThat(s.onLoss(3 * S).delayNanos()).isEqualTo(200 * MS);
        assertThat(s.onLoss(4 * S).coolDown()).isTrue();
    }

    /**
     * The SIGKILL storm: a kill every 200 ms for a minute, under the default policy, with
     * the largest jitter. Each launch is killed at the storm's next tick, so the slot never gets
     * to serve while it lasts; intensity cools it down (OTP-style) instead of relaunching without
     * end. Once the storm has passed, the slot is relaunched within one cool-down (30 s by
     * default) of the storm's last kill, and nothing kills it again.
     */
    @Test
    void afterAKillStormTheSlotIsBackWithinOneCoolDown() {
        RestartPolicy defaults = RestartPolicy.ofDefaults();
        RestartSchedule s = new RestartSchedule(defaults, () -> 0.999_999);
        long tick = 200 * MS;
        long stormEnd = 60 * S;
        long loss = 0;
        int coolDowns = 0;
        int launches = 0;
        long launch;
        while (true) {
            RestartSchedule.Decision d = s.onLoss(loss);
            assertThat(d.delayNanos()).isLessThanOrEqualTo(defaults.coolDown().toNanos());
            coolDowns += d.coolDown() ? 1 : 0;
            launch = loss + d.delayNanos();
            if (launch >= stormEnd) {
                break;
            }
            launches++;
            loss = (launch / tick + 1) * tick; // killed at the storm's next tick
        }
        assertThat(coolDowns).as("intensity engaged during the storm").isPositive();
        assertThat(launches).as("launches in the storm's minute").isBetween(10, 20);
        assertThat(loss).as("last kill").isLessThan(stormEnd);
        assertThat(launch - stormEnd).as("relaunch after the storm ended")
                .isLessThanOrEqualTo(defaults.coolDown().toNanos());
    }

    @Test
    void noBackoffOutlastsTheCoolDown() {
        RestartPolicy p = RestartPolicy.builder().initialBackoff(Duration.ofSeconds(1)).maxBackoff(Duration.ofMinutes(5))
                .backoffFactor(10).jitter(0.5).maxRestarts(100, Duration.ofMinutes(60))
                .coolDown(Duration.ofSeconds(5)).build();
        RestartSchedule s = new RestartSchedule(p, () -> 0.999);
        assertThat(s.onLoss(0).delayNanos()).isBetween(1 * S, (long) (1.5 * S));
        assertThat(s.onLoss(1 * S).delayNanos()).isEqualTo(5 * S);
        assertThat(s.onLoss(2 * S).delayNanos()).isEqualTo(5 * S);
    }

    @Test
    void zeroBackoffGivesZeroDelay() {
        RestartPolicy p = RestartPolicy.builder().initialBackoff(Duration.ZERO).maxBackoff(Duration.ZERO).build();
        RestartSchedule s = new RestartSchedule(p, () -> 0.999);
        assertThat(s.onLoss(0).delayNanos()).isZero();
        assertThat(s.onLoss(1).delayNanos()).isZero();
    }
}
