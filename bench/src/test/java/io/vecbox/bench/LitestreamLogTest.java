package io.vecbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LitestreamLogTest {
    @Test
    void aSnapshotLineGivesItsPositionElapsedTimeAndSize() {
        LitestreamLog log = LitestreamLog.parse("2026/12/02 07:38:27 INFO snapshot written db=/tmp/s/p.db replica=file "
                + "position=b0c51be94d26bbca/00000000:16512 elapsed=5.376129ms sz=9073");
        assertThat(log.level()).isEqualTo("INFO");
        assertThat(log.message()).isEqualTo(LitestreamLog.SNAPSHOT_WRITTEN);
        assertThat(log.position()).isEqualTo("b0c51be94d26bbca/00000000:16512");
        assertThat(log.elapsedNanos()).isEqualTo(5_376_129);
        assertThat(log.sizeBytes()).isEqualTo(9073);
        assertThat(log.attributes()).containsEntry("db", "/tmp/s/p.db").containsEntry("replica", "file");
    }

    @Test
    void quotedValuesKeepTheirSpacesAndLinesWithoutAttributesAreAllMessage() {
        LitestreamLog log = LitestreamLog.parse("2026/12/02 07:38:27 INFO sync: new generation db=/d/p.db "
                + "generation=b0c51be94d26bbca reason=\"no generation exists\"");
        assertThat(log.message()).isEqualTo("sync: new generation");
        assertThat(log.attributes()).containsEntry("reason", "no generation exists")
                .containsEntry("generation", "b0c51be94d26bbca");
        assertThat(log.elapsedNanos()).isEqualTo(-1);
        assertThat(log.sizeBytes()).isEqualTo(-1);

        LitestreamLog bare = LitestreamLog.parse("2026/12/02 07:38:32 INFO litestream shut down");
        assertThat(bare.message()).isEqualTo("litestream shut down");
        assertThat(bare.attributes()).isEmpty();
    }

    @Test
    void theKeyValueFormOfAConfigurationFileRunGivesTheSameFields() {
        LitestreamLog log = LitestreamLog.parse("time=2026-12-02T07:38:27.123Z level=INFO msg=\"wal segment written\" "
                + "db=/d/p.db replica=file position=b0c51be94d26bbca/00000001:4152 elapsed=784.122µs sz=4152");
        assertThat(log.level()).isEqualTo("INFO");
        assertThat(log.message()).isEqualTo(LitestreamLog.WAL_SEGMENT_WRITTEN);
        assertThat(log.position()).isEqualTo("b0c51be94d26bbca/00000001:4152");
        assertThat(log.elapsedNanos()).isEqualTo(784_122);
        assertThat(log.attributes()).doesNotContainKeys("time", "level", "msg").containsEntry("db", "/d/p.db");
        assertThat(LitestreamLog.parse("time=2026-12-02T07:38:27Z msg=x")).isNull();
    }

    @Test
    void linesThatAreNotLogLinesAreNull() {
        assertThat(LitestreamLog.parse("")).isNull();
        assertThat(LitestreamLog.parse("v0.3.13")).isNull();
        assertThat(LitestreamLog.parse("2026/12/02 07:38:27 NOTICE something")).isNull();
    }

    @Test
    void goDurationsInEveryUnitGoDurationPrints() {
        assertThat(LitestreamLog.goDurationNanos("0s")).isZero();
        assertThat(LitestreamLog.goDurationNanos("350ns")).isEqualTo(350);
        assertThat(LitestreamLog.goDurationNanos("784.122µs")).isEqualTo(784_122);
        assertThat(LitestreamLog.goDurationNanos("784.122us")).isEqualTo(784_122);
        assertThat(LitestreamLog.goDurationNanos("1.5s")).isEqualTo(1_500_000_000L);
        assertThat(LitestreamLog.goDurationNanos("1m2.5s")).isEqualTo(62_500_000_000L);
        assertThat(LitestreamLog.goDurationNanos("2h0m0s")).isEqualTo(7_200_000_000_000L);
        assertThatThrownBy(() -> LitestreamLog.goDurationNanos("fast")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LitestreamLog.goDurationNanos("5 parsecs")).isInstanceOf(IllegalArgumentException.class);
    }
}
