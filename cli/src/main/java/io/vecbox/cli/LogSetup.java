package io.vecbox.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import org.slf4j.LoggerFactory;

/**
 * Configures logback from the global flags, in code (see {@link CliLogConfigurator}): everything goes to
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
        apply(ctx, format, verbose);
    }

    /**
     * @param ctx a context without appenders (new, or just reset)
     * @param format the line format
     * @param verbose DEBUG for {@code io.vecbox}
     */
    static void apply(LoggerContext ctx, LogFormat format, boolean verbose) {
        LayoutBase<ILoggingEvent> layout = format == LogFormat.json ? new JsonLogLayout() : new TextLogLayout();
        layout.setContext(ctx);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(ctx);
        encoder.setLayout(layout);
        encoder.start();
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
