package io.vecbox.litestream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LitestreamLogTest {
    @Test
    void levelsFollowLitestreamsOwnButRoutineWritesAreDebug() {
        assertThat(LitestreamLog.levelOf("time=2026-12-02T07:39:24.642Z level=INFO msg=\"initialized db\" path=/a.db"))
                .isEqualTo(LitestreamLog.Level.INFO);
        assertThat(LitestreamLog.levelOf("time=t level=INFO msg=\"wal segment written\" db=/a.db position=g/00000000:0"))
                .isEqualTo(LitestreamLog.Level.TRACE);
        assertThat(LitestreamLog.levelOf("time=t level=DEBUG msg=sync db=/a.db")).isEqualTo(LitestreamLog.Level.TRACE);
        assertThat(LitestreamLog.levelOf("time=t level=ERROR msg=\"monitor error\" error=x"))
                .isEqualTo(LitestreamLog.Level.WARN);
        assertThat(LitestreamLog.levelOf("2026/12/02 07:39:32 ERROR failed to run error=\"no matching backups found\""))
                .isEqualTo(LitestreamLog.Level.WARN);
        assertThat(LitestreamLog.levelOf("2026/12/02 07:39:32 INFO restoring snapshot replica=file generation=g"))
                .isEqualTo(LitestreamLog.Level.TRACE);
    }

    @Test
    void messageIsTheMsgFieldOrTheTextAfterTheLevel() {
        assertThat(LitestreamLog.message("time=t level=INFO msg=\"replicating to\" name=file")).isEqualTo("replicating to");
        assertThat(LitestreamLog.message("time=t level=INFO msg=litestream version=v0.3.13")).isEqualTo("litestream");
        assertThat(LitestreamLog.message("2026/12/02 07:39:32 INFO restoring snapshot replica=file generation=g"))
                .isEqualTo("restoring snapshot");
    }

    @Test
    void theConfigurationQuotesPathsAndWritesGoDurations() {
        assertThat(ReplicatorConfig.quote("/tmp/a \"b\"\\c")).isEqualTo("\"/tmp/a \\\"b\\\"\\\\c\"");
        assertThat(ReplicatorConfig.go(java.time.Duration.ofSeconds(90))).isEqualTo("90000ms");
    }
}
