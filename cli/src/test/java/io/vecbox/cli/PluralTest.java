package io.vecbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PluralTest {
    @Test
    void oneBatchIsSingular() {
        assertThat(Plural.count(1, "batch")).isEqualTo("1 batch");
        assertThat(Plural.count(2, "batch")).isEqualTo("2 batches");
        assertThat(Plural.count(0, "row")).isEqualTo("0 rows");
        assertThat(Plural.count(1, "row")).isEqualTo("1 row");
        assertThat(Plural.count(12_345, "row")).isEqualTo("12,345 rows");
        assertThat(Plural.count(1, "query")).isEqualTo("1 query");
        assertThat(Plural.count(3, "query")).isEqualTo("3 queries");
        assertThat(Plural.count(2, "day")).isEqualTo("2 days");
        assertThat(Plural.count(2, "crash")).isEqualTo("2 crashes");
        assertThat(Plural.count(-1, "row")).isEqualTo("-1 rows");
    }
}
