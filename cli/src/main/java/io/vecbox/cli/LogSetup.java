package io.vecbox.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import org.slf4j.LoggerFactory;

/**
 * Configures logback from the global flags, in code (see {@link CliLogConfigurator}): everything goes to
 * stderr; WARN and above by default (a lost worker is a WARN line of
 * {@code io.vecbox.pool.crashes}), TRACE for {@code io.vecbox} with {@code --verbose}.
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
     * @param verbose TRACE for {@code io.vecbox}
     */
    static void apply(LoggerContext ctx, LogFormat format, boolean verbose) {
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(ctx);
        appender.setName("stderr");
        appender.setTarget("System.err");
        appender.setEncoder(encoder(ctx, format));
        appender.start();

        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(appender);
        ctx.getLogger("io.vecbox").setLevel(verbose ? Level.TRACE : Level.WARN);
    }

    /**
     * @param ctx the context it logs into
     * @param format the line format
     * @return a started encoder for it
     */
    static Encoder<ILoggingEvent> encoder(LoggerContext ctx, LogFormat format) {
        Encoder<ILoggingEvent> encoder;
        if (format == LogFormat.json) {
            encoder = jsonEncoder();
        } else {
            TextLogLayout layout = new TextLogLayout();
            layout.setContext(ctx);
            layout.start();
            LayoutWrappingEncoder<ILoggingEvent> text = new LayoutWrappingEncoder<>();
            text.setLayout(layout);
            encoder = text;
        }
        encoder.setContext(ctx);
        encoder.start();
        return encoder;
    }

    /**
     * logback's own JSON lines: {@code timestamp} (epoch milliseconds), {@code level},
     * {@code threadName}, {@code loggerName}, {@code formattedMessage} and {@code throwable} (null, or
     * the exception with its class name, message, frames and cause), plus {@code markers} and
     * {@code kvpList} on the events that carry them. Left out: the sequence number (0 unless a
     * context numbers its events), the nanoseconds within the timestamp's second, the logger context
     * (the same on every line), the MDC (vecbox sets none), and the unformatted message with its raw
     * arguments, which only repeat the formatted message in pieces. A method of its own, returning the
     * interface, so that a text-only run never loads {@code JsonEncoder}.
     */
    private static Encoder<ILoggingEvent> jsonEncoder() {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithMDC(false);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        return encoder;
    }
}
