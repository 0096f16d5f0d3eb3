package io.vecbox.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationConverterTest {
    @Test
    void parsesUnitsAndIso() {
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationConverter.parse("2")).isEqualTo(Duration.ofSeconds(2));
        assertThat(DurationConverter.parse("3m")).isEqualTo(Duration.ofMinutes(3));
        assertThat(DurationConverter.parse("PT2S")).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> DurationConverter.parse("0s")).hasMessageContaining("positive");
        assertThatThrownBy(() -> DurationConverter.parse("soon")).hasMessageContaining("not a duration");
    }
}
