package io.vecbox.litestream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChecksTest {

    @Test
    void aPositiveDurationPasses() {
        assertThat(Checks.positive("period", Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void zeroNegativeAndNullAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> Checks.positive("period", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("period must be positive: PT0S");
        assertThatThrownBy(() -> Checks.positive("syncInterval", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("syncInterval must be positive: PT-1S");
        assertThatThrownBy(() -> Checks.positive("flushTimeout", null))
                .isInstanceOf(NullPointerException.class).hasMessage("flushTimeout");
    }

    @Test
    void theBuildersCheckWhenSet() {
        assertThatThrownBy(() -> new ReplicaRefresherBuilder("file:///r", Path.of("copies")).period(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("period must be positive: PT0S");
        assertThatThrownBy(() -> new ReplicatorBuilder(Path.of("app.db"), "file:///r").restartBackoff(
                Duration.ofMillis(1), Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxRestartBackoff must be positive: PT-0.001S");
    }
}
