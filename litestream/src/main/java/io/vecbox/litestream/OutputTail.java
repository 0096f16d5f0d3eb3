package io.vecbox.litestream;

import java.util.ArrayDeque;
import java.util.Deque;

/** The last lines a process printed, bounded. Thread-safe. */
final class OutputTail {
    private final int maxLines;
    private final Deque<String> lines = new ArrayDeque<>();

    OutputTail(int maxLines) {
        this.maxLines = maxLines;
    }

    synchronized void add(String line) {
        if (lines.size() == maxLines) {
            lines.removeFirst();
        }
        lines.addLast(line.length() > 500 ? line.substring(0, 500) + "..." : line);
    }

    synchronized boolean contains(String text) {
        for (String line : lines) {
            if (line.contains(text)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized String toString() {
        return String.join("\n", lines);
    }
}
