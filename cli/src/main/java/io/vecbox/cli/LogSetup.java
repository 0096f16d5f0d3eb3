package io.vecbox.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import org.slf4j.LoggerFactory;

/**
 * Configures logback from the global flags, replacing {@code logback.xml}: everything goes to
 * stderr; WARN and above by default (a lost worker is a WARN line of
 * {@code io.vecbox.supervisor.WorkerPool}), DEBUG for {@code io.vecbox} with {@code --verbose}.
 */
final class LogSetup {
    /** Log line format. */
    enum LogFormat { text, json }

    private LogSetup() {
    }

    static void configure(LogFormat format, boolean verbose) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return; // another SLF4J backend won; leave it alone
        }
        ctx.reset();
        Encoder<ILoggingEvent> encoder;
        if (format == LogFormat.json) {
            JsonLogLayout layout = new JsonLogLayout();
            layout.setContext(ctx);
            layout.start();
            LayoutWrappingEncoder<ILoggingEvent> wrapping = new LayoutWrappingEncoder<>();
            wrapping.setContext(ctx);
            wrapping.setLayout(layout);
            wrapping.start();
            encoder = wrapping;
        } else {
            PatternLayoutEncoder pattern = new PatternLayoutEncoder();
            pattern.setContext(ctx);
            pattern.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n");
            pattern.start();
            encoder = pattern;
        }
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(ctx);
        appender.setName("stderr");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();

        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(appender);
        ctx.getLogger("io.vecbox").setLevel(verbose ? Level.DEBUG : Level.WARN);
    }
}
