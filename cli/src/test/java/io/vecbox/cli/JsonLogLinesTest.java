package io.vecbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --log-format json}: logback's JSON lines with the fields the README lists. */
class JsonLogLinesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long TIMESTAMP = 1_767_323_045_067L;

    private static LoggingEvent event(Level level, String message, Throwable thrown, Object... args) {
        LoggerContext ctx = new LoggerContext();
        LoggingEvent e = new LoggingEvent("test", ctx.getLogger("io.vecbox.pool.crashes"), level, message,
                thrown, args);
        e.setTimeStamp(TIMESTAMP);
        return e;
    }

    private static String encode(ILoggingEvent event) {
        Encoder<ILoggingEvent> encoder = LogSetup.encoder(new LoggerContext(), LogSetup.LogFormat.json);
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void oneObjectPerLineWithTheDocumentedFields() throws Exception {
        String line = encode(event(Level.WARN, "{} - worker-{} lost: \"quoted\"\n日本", null, "pool", 1));

        assertThat(line).endsWith("\n");
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = MAPPER.readTree(line);
        assertThat(names(json)).containsExactly("timestamp", "level", "threadName", "loggerName", "formattedMessage",
                "throwable");
        assertThat(json.get("timestamp").asLong()).isEqualTo(TIMESTAMP);
        assertThat(json.get("level").asText()).isEqualTo("WARN");
        assertThat(json.get("threadName").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(json.get("loggerName").asText()).isEqualTo("io.vecbox.pool.crashes");
        assertThat(json.get("formattedMessage").asText()).isEqualTo("pool - worker-1 lost: \"quoted\"\n日本");
        assertThat(json.get("throwable").isNull()).isTrue();
    }

    @Test
    void argumentsAppearOnlyInTheFormattedMessage() throws Exception {
        String line = encode(event(Level.INFO, "{} - ready", null, "pool", "an argument not in the message"));

        assertThat(MAPPER.readTree(line).get("formattedMessage").asText()).isEqualTo("pool - ready");
        assertThat(line).doesNotContain("an argument not in the message").doesNotContain("\"arguments\"")
                .doesNotContain("\"message\"");
    }

    @Test
    void anExceptionIsAnObjectWithItsClassMessageAndFrames() throws Exception {
        String line = encode(event(Level.ERROR, "failed", new IllegalStateException("boom",
                new java.io.IOException("cause"))));

        JsonNode thrown = MAPPER.readTree(line).get("throwable");
        assertThat(thrown.get("className").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(thrown.get("message").asText()).isEqualTo("boom");
        assertThat(thrown.get("stepArray").get(0).get("className").asText()).isEqualTo(getClass().getName());
        assertThat(thrown.get("cause").get("className").asText()).isEqualTo("java.io.IOException");
    }

    @Test
    void theTextFormatStaysText() {
        Encoder<ILoggingEvent> encoder = LogSetup.encoder(new LoggerContext(), LogSetup.LogFormat.text);

        String line = new String(encoder.encode(event(Level.WARN, "{} - lost", null, "pool")), StandardCharsets.UTF_8);

        assertThat(line).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  pool.crashes - pool - lost\\R");
    }
}
