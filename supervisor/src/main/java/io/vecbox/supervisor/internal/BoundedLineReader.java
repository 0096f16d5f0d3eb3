package io.vecbox.supervisor.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a worker's stderr line by line, keeping at most {@code maxLineBytes} bytes of each line:
 * the rest of a longer line is skipped as it streams past, never buffered, and the line returned
 * ends with {@code " … [truncated N bytes]"}. A worker that writes hundreds of megabytes without
 * a newline costs the host two fixed buffers, where {@code BufferedReader.readLine} grew a
 * string until the host ran out of heap.
 *
 * <p>Lines end at {@code \n}; a {@code \r} before it is dropped. Bytes are decoded as UTF-8 (a
 * character cut at the limit becomes U+FFFD). Not thread-safe: one pump thread per stream.
 */
final class BoundedLineReader {
    /** Bytes kept per line by default. */
    static final int DEFAULT_MAX_LINE_BYTES = 8 * 1024;

    private final InputStream in;
    private final byte[] chunk = new byte[8 * 1024];
    private final byte[] line;
    private int pos;
    private int limit;
    private int kept;
    private long dropped;
    private byte lastByte;

    /**
     * @param in the stream, read in chunks (no need to buffer it)
     * @param maxLineBytes bytes kept per line, at least 1
     */
    BoundedLineReader(InputStream in, int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes < 1: " + maxLineBytes);
        }
        this.in = in;
        this.line = new byte[maxLineBytes];
    }

    /**
     * @return the next line without its terminator, possibly truncated and marked; the last line
     *     even without a terminator; null at the end of the stream
     * @throws IOException if the stream fails
     */
    String readLine() throws IOException {
        boolean any = false;
        while (true) {
            if (pos == limit) {
                int n = in.read(chunk);
                if (n < 0) {
                    return any ? finish() : null;
                }
                pos = 0;
                limit = n;
            }
            any = true;
            int end = pos;
            while (end < limit && chunk[end] != '\n') {
                end++;
            }
            append(pos, end);
            if (end < limit) {
                pos = end + 1;
                return finish();
            }
            pos = limit;
        }
    }

    private void append(int from, int to) {
        if (to == from) {
            return;
        }
        int keep = Math.min(to - from, line.length - kept);
        System.arraycopy(chunk, from, line, kept, keep);
        kept += keep;
        dropped += to - from - keep;
        lastByte = chunk[to - 1];
    }

    private String finish() {
        if (lastByte == '\r') {
            if (dropped > 0) {
                dropped--;
            } else {
                kept--;
            }
        }
        String s = new String(line, 0, kept, StandardCharsets.UTF_8);
        if (dropped > 0) {
            s += " … [truncated " + dropped + " bytes]";
        }
        kept = 0;
        dropped = 0;
        lastByte = 0;
        return s;
    }
}
