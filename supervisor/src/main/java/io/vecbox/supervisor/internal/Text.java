package io.vecbox.supervisor.internal;

/** Small string helpers for log lines and messages. */
public final class Text {
    private Text() {
    }

    /**
     * @param s any text
     * @param max characters to keep, at least 16
     * @return {@code s} if short enough, else its head and tail joined by {@code …}
     */
    public static String headTail(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int head = (max - 1) * 2 / 3;
        int tail = max - 1 - head;
        return s.substring(0, head) + "…" + s.substring(s.length() - tail);
    }

    /**
     * SQL for a log line: whitespace collapsed, cut to 200 characters. Parameters are never logged.
     *
     * @param sql the statement
     * @return a one-line, bounded rendering
     */
    public static String sql(String sql) {
        return headTail(sql.strip().replaceAll("\\s+", " "), 200);
    }

    /**
     * @param tail stderr lines
     * @return the tail indented for a multi-line log message or exception, or "(empty)"
     */
    public static String indent(String tail) {
        return tail.isEmpty() ? "(empty)" : "\n    " + tail.replace("\n", "\n    ");
    }
}
