package io.vecbox.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One line of Litestream 0.3's log, in either form it writes: Go's standard log form, as
 * {@code litestream replicate DB URL} writes it ({@code 2026/12/02 07:38:27 INFO snapshot written
 * db=/d/p.db replica=file position=b0c51be94d26bbca/00000000:16512 elapsed=5.376129ms sz=9073}),
 * or {@code key=value} throughout ({@code time=… level=INFO msg="snapshot written" …}), as it
 * writes with a configuration file. The replica case reads the times and sizes Litestream reports
 * from these lines. Immutable.
 *
 * @param level {@code INFO}, {@code WARN}, {@code ERROR} or {@code DEBUG}
 * @param message the text between the level and the first attribute, e.g. {@code snapshot written}
 * @param attributes the {@code key=value} pairs in order, quotes removed from quoted values
 */
record LitestreamLog(String level, String message, Map<String, String> attributes) {
    /** A snapshot of the whole database is on the replica. */
    static final String SNAPSHOT_WRITTEN = "snapshot written";
    /** WAL frames are on the replica. */
    static final String WAL_SEGMENT_WRITTEN = "wal segment written";

    LitestreamLog {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
        attributes = Map.copyOf(attributes);
    }

    /**
     * @param line a line of Litestream's output
     * @return the parsed line, or null if it is not a log line (no level after the date and time)
     */
    static LitestreamLog parse(String line) {
        if (line.startsWith("time=")) {
            Map<String, String> all = attributes(line, 0);
            String level = all.remove("level");
            String message = all.remove("msg");
            all.remove("time");
            return level == null || message == null ? null : new LitestreamLog(level, message, all);
        }
        String[] head = line.split(" ", 4);
        if (head.length < 4 || !head[2].matches("INFO|WARN|ERROR|DEBUG")) {
            return null;
        }
        String rest = head[3];
        int firstAttribute = firstAttribute(rest);
        String message = (firstAttribute < 0 ? rest : rest.substring(0, firstAttribute)).strip();
        return new LitestreamLog(head[2], message, attributes(rest, firstAttribute < 0 ? rest.length() : firstAttribute));
    }

    /** @return the {@code key=value} pairs of {@code rest} from index {@code i} on, in order */
    private static Map<String, String> attributes(String rest, int from) {
        Map<String, String> attributes = new LinkedHashMap<>();
        int i = from;
        while (i < rest.length()) {
            while (i < rest.length() && rest.charAt(i) == ' ') {
                i++;
            }
            int eq = rest.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = rest.substring(i, eq);
            int start = eq + 1;
            String value;
            if (start < rest.length() && rest.charAt(start) == '"') {
                StringBuilder sb = new StringBuilder();
                int j = start + 1;
                for (; j < rest.length() && rest.charAt(j) != '"'; j++) {
                    if (rest.charAt(j) == '\\' && j + 1 < rest.length()) {
                        j++;
                    }
                    sb.append(rest.charAt(j));
                }
                value = sb.toString();
                i = j + 1;
            } else {
                int end = rest.indexOf(' ', start);
                end = end < 0 ? rest.length() : end;
                value = rest.substring(start, end);
                i = end;
            }
            attributes.put(key, value);
        }
        return attributes;
    }

    /** @return the index of the first {@code key=} token, or -1 */
    private static int firstAttribute(String rest) {
        int i = 0;
        while (i < rest.length()) {
            int end = rest.indexOf(' ', i);
            String token = end < 0 ? rest.substring(i) : rest.substring(i, end);
            int eq = token.indexOf('=');
            if (eq > 0 && token.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
                return i;
            }
            if (end < 0) {
                return -1;
            }
            i = end + 1;
        }
        return -1;
    }

    /** @return the {@code elapsed} attribute in nanoseconds, or -1 if absent or not a Go duration */
    long elapsedNanos() {
        String v = attributes.get("elapsed");
        if (v == null) {
            return -1;
        }
        try {
            return goDurationNanos(v);
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /** @return the {@code sz} attribute (bytes written), or -1 */
    long sizeBytes() {
        try {
            return Long.parseLong(attributes.getOrDefault("sz", "-1"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** @return the {@code position} attribute ({@code generation/index:offset}), or null */
    String position() {
        return attributes.get("position");
    }

    /**
     * Parses Go's {@code time.Duration.String()} form: {@code 350ns}, {@code 784.122µs},
     * {@code 5.376129ms}, {@code 1.5s}, {@code 1m2.5s}, {@code 2h0m0s}, {@code 0s}.
     *
     * @param text the duration
     * @return nanoseconds, rounded
     * @throws IllegalArgumentException if it is not such a duration
     */
    static long goDurationNanos(String text) {
        if (text.equals("0") || text.equals("0s")) {
            return 0;
        }
        double total = 0;
        int i = 0;
        boolean any = false;
        while (i < text.length()) {
            int start = i;
            while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("not a Go duration: " + text);
            }
            double number = Double.parseDouble(text.substring(start, i));
            int unitStart = i;
            while (i < text.length() && !Character.isDigit(text.charAt(i))) {
                i++;
            }
            double scale = switch (text.substring(unitStart, i)) {
                case "ns" -> 1;
                case "us", "µs", "μs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                case "h" -> 3600e9;
                default -> throw new IllegalArgumentException("not a Go duration: " + text);
            };
            total += number * scale;
            any = true;
        }
        if (!any) {
            throw new IllegalArgumentException("not a Go duration: " + text);
        }
        return Math.round(total);
    }
}
