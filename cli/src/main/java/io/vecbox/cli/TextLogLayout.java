package io.vecbox.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * {@code HH:mm:ss.SSS LEVEL Logger - message}, then the stack trace if the event carries one: the
 * line of the pattern {@code %d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n}, written by hand so
 * that a one-shot command does not pay for logback's pattern parser at start-up.
 */
final class TextLogLayout extends LayoutBase<ILoggingEvent> {
    private final ZoneId zone = ZoneId.systemDefault();

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder sb = new StringBuilder(160);
        LocalTime t = LocalTime.ofInstant(Instant.ofEpochMilli(event.getTimeStamp()), zone);
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2).append('.');
        pad(sb, t.getNano() / 1_000_000, 3).append(' ');
        String level = event.getLevel().toString();
        sb.append(level);
        for (int i = level.length(); i < 5; i++) {
            sb.append(' ');
        }
        String logger = event.getLoggerName();
        sb.append(' ').append(shortName(logger)).append(" - ")
                .append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            sb.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
        }
        return sb.toString();
    }

    /** {@code io.vecbox.pool.crashes} reads {@code pool.crashes}; another library's logger its last segment. */
    static String shortName(String logger) {
        return logger.startsWith("io.vecbox.") ? logger.substring("io.vecbox.".length())
                : logger.substring(logger.lastIndexOf('.') + 1);
    }

    private static StringBuilder pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}
