package io.vecbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormatTest {
    @Test
    void durationsPickTheUnitAndKeepTwoOrThreeDigits() {
        assertThat(Format.duration(850)).isEqualTo("850 ns");
        assertThat(Format.duration(1_149)).isEqualTo("1.1 µs");
        assertThat(Format.duration(29_400)).isEqualTo("29 µs");
        assertThat(Format.duration(232_000)).isEqualTo("232 µs");
        assertThat(Format.duration(8_460_000)).isEqualTo("8.5 ms");
        assertThat(Format.duration(85_000_000)).isEqualTo("85 ms");
        assertThat(Format.duration(999_000_000)).isEqualTo("999 ms");
        assertThat(Format.duration(2_400_000_000L)).isEqualTo("2.40 s");
    }

    @Test
    void ratesUseThousandsOnlyPastTenThousand() {
        assertThat(Format.rate(29_312, "rows/s")).isEqualTo("29.3k rows/s");
        assertThat(Format.rate(8_135.4, "rows/s")).isEqualTo("8135 rows/s");
        assertThat(Format.rate(706.2, "MB/s")).isEqualTo("706 MB/s");
        assertThat(Format.rate(22.46, "q/s")).isEqualTo("22.5 q/s");
    }

    @Test
    void ratiosKeepTwoDecimalsBelowTen() {
        assertThat(Format.ratio(0.5812)).isEqualTo("0.58×");
        assertThat(Format.ratio(1.3)).isEqualTo("1.30×");
        assertThat(Format.ratio(12.4)).isEqualTo("12×");
        assertThat(Format.ratio(Double.NaN)).isEqualTo("–");
        assertThat(Format.ratio(1.0 / 0)).isEqualTo("–");
    }

    @Test
    void kibPrintAsMegabytes() {
        assertThat(Format.kib(47_820)).isEqualTo("46.7 MB");
    }
}
