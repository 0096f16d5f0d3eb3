package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
    @Test
    void defaults() {
        RestartPolicy p = RestartPolicy.ofDefaults();
        assertThat(p.initialBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(p.maxBackoff()).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.backoffFactor()).isEqualTo(2.0);
        assertThat(p.jitter()).isEqualTo(0.2);
        assertThat(p.maxRestarts()).isEqualTo(10);
        assertThat(p.restartPeriod()).isEqualTo(Duration.ofSeconds(60));
        assertThat(p.coolDown()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.toString()).contains("100ms", "10000ms", "jitter 0.2", "max 10 per 60s", "cool-down 30s");
    }

    @Test
    void settersAreCopiedIntoThePolicy() {
        RestartPolicy.Builder b = RestartPolicy.builder()
                .initialBackoff(Duration.ofMillis(5))
                .maxBackoff(Duration.ofMillis(50))
                .backoffFactor(1.5)
                .jitter(0.0)
                .maxRestarts(3, Duration.ofSeconds(7))
                .coolDown(Duration.ofSeconds(9));
        RestartPolicy p = b.build();
        b.initialBackoff(Duration.ofMillis(6)).jitter(0.5);
        assertThat(p.initialBackoff()).isEqualTo(Duration.ofMillis(5));
        assertThat(p.maxBackoff()).isEqualTo(Duration.ofMillis(50));
        assertThat(p.backoffFactor()).isEqualTo(1.5);
        assertThat(p.jitter()).isZero();
        assertThat(p.maxRestarts()).isEqualTo(3);
        assertThat(p.restartPeriod()).isEqualTo(Duration.ofSeconds(7));
        assertThat(p.coolDown()).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void boundaryValuesAreAccepted() {
        RestartPolicy p = RestartPolicy.builder()
                .initialBackoff(Duration.ZERO)
                .maxBackoff(Duration.ZERO)
                .backoffFactor(1.0)
                .jitter(0.999)
                .maxRestarts(1, Duration.ofNanos(1))
                .coolDown(Duration.ofNanos(1))
                .build();
        assertThat(p.backoffFactor()).isEqualTo(1.0);
        assertThat(p.jitter()).isEqualTo(0.999);
    }

    @Test
    void negativeInitialBackoff() {
        assertThatThrownBy(() -> RestartPolicy.builder().initialBackoff(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("initialBackoff < 0: PT-0.001S");
    }

    @Test
    void negativeMaxBackoff() {
        assertThatThrownBy(() -> RestartPolicy.builder().maxBackoff(Duration.ofSeconds(-2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxBackoff < 0: PT-2S");
    }

    @Test
    void backoffFactorBelowOne() {
        assertThatThrownBy(() -> RestartPolicy.builder().backoffFactor(0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("backoffFactor < 1: 0.5");
    }

    @Test
    void backoffFactorNotFinite() {
        assertThatThrownBy(() -> RestartPolicy.builder().backoffFactor(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backoffFactor").hasMessageContaining("NaN");
        assertThatThrownBy(() -> RestartPolicy.builder().backoffFactor(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backoffFactor").hasMessageContaining("Infinity");
    }

    @Test
    void jitterOutOfRange() {
        assertThatThrownBy(() -> RestartPolicy.builder().jitter(1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("jitter not in [0, 1): 1.0");
        assertThatThrownBy(() -> RestartPolicy.builder().jitter(-0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("jitter not in [0, 1): -0.1");
        assertThatThrownBy(() -> RestartPolicy.builder().jitter(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jitter");
    }

    @Test
    void maxRestartsBelowOne() {
        assertThatThrownBy(() -> RestartPolicy.builder().maxRestarts(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxRestarts < 1: 0");
    }

    @Test
    void restartPeriodNotPositive() {
        assertThatThrownBy(() -> RestartPolicy.builder().maxRestarts(3, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("restartPeriod <= 0: PT0S");
    }

    @Test
    void rejectedMaxRestartsLeavesTheBuilderUnchanged() {
        RestartPolicy.Builder b = RestartPolicy.builder();
        assertThatThrownBy(() -> b.maxRestarts(5, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        RestartPolicy p = b.build();
        assertThat(p.maxRestarts()).as("not half-applied").isEqualTo(10);
        assertThat(p.restartPeriod()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void coolDownNotPositive() {
        assertThatThrownBy(() -> RestartPolicy.builder().coolDown(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("coolDown <= 0: PT0S");
        assertThatThrownBy(() -> RestartPolicy.builder().coolDown(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("coolDown <= 0: PT-1S");
    }

    @Test
    void initialBackoffAboveMaxBackoffIsRejectedAtBuild() {
        RestartPolicy.Builder b = RestartPolicy.builder().initialBackoff(Duration.ofSeconds(20));
        assertThatThrownBy(b::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("initialBackoff > maxBackoff: PT20S > PT10S");
        // order of setters does not matter: fixing maxBackoff afterwards makes it valid
        assertThat(b.maxBackoff(Duration.ofSeconds(20)).build().maxBackoff()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void nullDurationsNameTheOption() {
        assertThatNullPointerException().isThrownBy(() -> RestartPolicy.builder().initialBackoff(null))
                .withMessage("initialBackoff");
        assertThatNullPointerException().isThrownBy(() -> RestartPolicy.builder().maxBackoff(null))
                .withMessage("maxBackoff");
        assertThatNullPointerException().isThrownBy(() -> RestartPolicy.builder().maxRestarts(1, null))
                .withMessage("restartPeriod");
        assertThatNullPointerException().isThrownBy(() -> RestartPolicy.builder().coolDown(null))
                .withMessage("coolDown");
    }
}
