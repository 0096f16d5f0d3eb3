package io.vecbox.litestream;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Litestream's own log lines, passed into SLF4J under the logger {@code io.vecbox.litestream}.
 * Litestream 0.3.13 writes {@code key=value} lines ({@code time=… level=INFO msg="wal segment written"
 * position=…}) when run with a configuration file, and Go's standard log format
 * ({@code 2026/12/02 07:39:32 INFO restoring snapshot …}) for one-shot commands such as restore.
 *
 * <p>Levels: Litestream's ERROR and WARN lines are WARN here; its lifecycle INFO lines (started,
 * replicating to, new generation, shut down) stay INFO; its routine INFO lines (every WAL segment
 * and snapshot written, old files deleted) and its DEBUG lines are TRACE: like the rest of vecbox,
 * nothing is logged at DEBUG, so logback with no configuration shows INFO and above. Lines carry no
 * query data: Litestream copies pages, it never sees SQL or parameters. Stateless.
 */
final class LitestreamLog {
    static final Logger LOG = LoggerFactory.getLogger("io.vecbox.litestream");

    private static final Pattern LEVEL = Pattern.compile("(?:^|\\s)(?:level=)?(DEBUG|INFO|WARN|ERROR)(?:\\s|$)");
    private static final Pattern MSG = Pattern.compile("msg=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)");
    private static final Set<String> ROUTINE = Set.of("write wal segment", "wal segment written", "write snapshot",
            "snapshot written", "snapshot deleted", "wal segmented deleted before", "wal segments deleted",
            "restoring snapshot", "restoring wal files", "downloaded wal", "applied wal",
            "renaming database from temporary location", "snapshot only, finalizing database");

    /** A line's level as SLF4J sees it. */
    enum Level { TRACE, INFO, WARN }

    private LitestreamLog() {
    }

    /**
     * Pure: the SLF4J level of one Litestream line.
     *
     * @param line a line Litestream printed
     * @return its level here
     */
    static Level levelOf(String line) {
        Matcher m = LEVEL.matcher(line);
        String level = m.find() ? m.group(1) : "INFO";
        switch (level) {
            case "ERROR":
            case "WARN":
                return Level.WARN;
            case "DEBUG":
                return Level.TRACE;
            default:
                return ROUTINE.contains(message(line).toLowerCase(Locale.ROOT)) ? Level.TRACE : Level.INFO;
        }
    }

    /**
     * Pure: the {@code msg} of a key=value line, unquoted; for other lines the text after the level.
     *
     * @param line a line Litestream printed
     * @return its message
     */
    static String message(String line) {
        Matcher m = MSG.matcher(line);
        if (m.find()) {
            String v = m.group(1);
            return v.startsWith("\"") ? v.substring(1, v.length() - 1).replace("\\\"", "\"") : v;
        }
        Matcher l = LEVEL.matcher(line);
        if (l.find()) {
            String rest = line.substring(l.end()).trim();
            int kv = rest.indexOf('=');
            int cut = kv < 0 ? rest.length() : rest.lastIndexOf(' ', kv);
            return cut < 0 ? rest : rest.substring(0, cut).trim();
        }
        return line.trim();
    }

    /**
     * Logs one line at its level.
     *
     * @param prefix the replicator's or command's name, the line's prefix
     * @param line the line
     */
    static void log(String prefix, String line) {
        switch (levelOf(line)) {
            case WARN -> LOG.warn("{} - litestream: {}", prefix, line);
            case INFO -> LOG.info("{} - litestream: {}", prefix, line);
            default -> LOG.trace("{} - litestream: {}", prefix, line);
        }
    }
}
