package io.vecbox.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;

/**
 * One JSON object per log line: {@code {"ts":…,"level":…,"logger":…,"thread":…,"msg":…}} plus
 * {@code "error"} (the stack trace) when the event carries a throwable.
 */
final class JsonLogLayout extends LayoutBase<ILoggingEvent> {
    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"ts\":").append(Json.quote(Instant.ofEpochMilli(event.getTimeStamp()).toString()))
                .append(",\"level\":").append(Json.quote(event.getLevel().toString()))
                .append(",\"logger\":").append(Json.quote(event.getLoggerName()))
                .append(",\"thread\":").append(Json.quote(event.getThreadName()))
                .append(",\"msg\":").append(Json.quote(event.getFormattedMessage()));
        IThrowableProxy t = event.getThrowableProxy();
        if (t != null) {
            sb.append(",\"error\":").append(Json.quote(ThrowableProxyUtil.asString(t)));
        }
        return sb.append("}\n").toString();
    }
}
