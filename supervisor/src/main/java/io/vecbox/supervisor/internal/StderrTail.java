package io.vecbox.supervisor.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The last lines a worker wrote to stderr, bounded in lines and characters, for crash reports.
 * Thread-safe.
 */
public final class StderrTail {
    private final int maxLines;
    private final int maxLineChars;
    private final Deque<String> lines = new ArrayDeque<>();

    /**
     * @param maxLines lines kept
     * @param maxLineChars characters kept per line (longer lines are cut in the middle)
     */
    public StderrTail(int maxLines, int maxLineChars) {
        this.maxLines = maxLines;
        this.maxLineChars = maxLineChars;
    }

    /** @param line one line, without its terminator */
    public synchronized void add(String line) {
        if (lines.size() == maxLines) {
            lines.pollFirst();
        }
        lines.addLast(Text.headTail(line, maxLineChars));
    }

    /** @return the kept lines joined with newlines, possibly empty */
    public synchronized String text() {
        return String.join("\n", lines);
    }
}
