package io.vecbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TextLogLayoutTest {
    private static LoggingEvent event(Level level, String message, Throwable thrown, Object... args) {
        LoggerContext ctx = new LoggerContext();
        LoggingEvent e = new LoggingEvent("test", ctx.getLogger("io.vecbox.pool.crashes"), level, message,
                thrown, args);
        e.setTimeStamp(LocalDateTime.of(2026, 1, 2, 3, 4, 5, 67_000_000).atZone(ZoneId.systemDefault()).toInstant()
                .toEpochMilli());
        return e;
    }

    @Test
    void writesTheLineOfTheFormerPattern() {
        String line = new TextLogLayout().doLayout(event(Level.WARN, "{} - worker-{} lost", null, "pool", 1));

        assertThat(line).isEqualTo("03:04:05.067 WARN  pool.crashes - pool - worker-1 lost" + System.lineSeparator());
    }

    @Test
    void appendsTheStackTrace() {
        String text = new TextLogLayout().doLayout(event(Level.ERROR, "failed", new IllegalStateException("boom")));

        assertThat(text).startsWith("03:04:05.067 ERROR pool.crashes - failed" + System.lineSeparator())
                .contains("java.lang.IllegalStateException: boom")
                .contains("at io.vecbox.cli.TextLogLayoutTest");
    }

    @Test
    void namesVecboxLoggersByConcernAndOthersByTheirLastSegment() {
        assertThat(TextLogLayout.shortName("io.vecbox.pool.crashes")).isEqualTo("pool.crashes");
        assertThat(TextLogLayout.shortName("io.vecbox.jdbc")).isEqualTo("jdbc");
        assertThat(TextLogLayout.shortName("org.example.Service")).isEqualTo("Service");
    }
}
