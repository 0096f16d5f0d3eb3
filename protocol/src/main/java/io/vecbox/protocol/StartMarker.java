package io.vecbox.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The start marker (protocol version 3): 8 fixed bytes a worker writes on its stdout before its
 * first frame, so that its supervisor can tell the frames from whatever its runtime printed on
 * stdout before the worker's own code ran.
 *
 * <pre>
 *  fe 76 65 63 62 6f 78 ff      0xfe "vecbox" 0xff
 * </pre>
 *
 * <p>A JVM prints on stdout before {@code main} for ordinary diagnostic options
 * ({@code -XX:StartFlightRecording} says "Started recording 1…", {@code --show-version} the
 * version, a {@code -Xlog} selection without an output its first lines). The reader skips such text
 * up to the marker, at most {@link #MAX_TEXT_BYTES}, handing it over line by line, and then reads
 * frames. {@code 0xfe} and {@code 0xff} never occur in UTF-8, so text does not end the skipping
 * early. A stream whose very first byte is {@code 0x00} is a peer that sends no marker (protocol
 * version 2 or older: its first four bytes are the length of its {@code hello}); {@link #skip}
 * leaves it at that frame, so its {@code hello} can say which version it speaks.
 *
 * <p>Stateless and thread-safe.
 */
public final class StartMarker {
    /** The marker. */
    private static final byte[] BYTES = {(byte) 0xfe, 'v', 'e', 'c', 'b', 'o', 'x', (byte) 0xff};

    /** Most bytes of text a reader skips before the marker: 64 KiB. More is a protocol violation. */
    public static final int MAX_TEXT_BYTES = 64 * 1024;

    /** What {@link #skip} found. */
    public enum Outcome {
        /** the marker: frames follow */
        MARKER,
        /** no marker, a frame at once (a peer older than version 3); the stream is at its first byte */
        NO_MARKER,
        /** end of stream before the marker */
        END
    }

    private StartMarker() {
    }

    /**
     * Writes the marker and flushes. A worker calls this once, first thing, on the stream that
     * carries its frames.
     *
     * @param out the worker's stdout
     * @throws IOException if the stream fails
     */
    public static void write(OutputStream out) throws IOException {
        out.write(BYTES);
        out.flush();
    }

    /**
     * Reads up to and including the marker, handing the text before it to {@code text} one line at
     * a time (without its line terminator, decoded as UTF-8; a last line without a terminator is
     * handed over too).
     *
     * @param in the peer's stdout, with {@link InputStream#markSupported() mark support} (e.g. a
     *     {@link java.io.BufferedInputStream}), at its first byte
     * @param maxTextBytes most bytes of text skipped, e.g. {@link #MAX_TEXT_BYTES}
     * @param text receives each line of text before the marker
     * @return what ended the skipping
     * @throws ProtocolException if more than {@code maxTextBytes} bytes come before the marker
     * @throws IOException if the stream fails
     */
    public static Outcome skip(InputStream in, int maxTextBytes, Consumer<String> text) throws IOException {
        if (!in.markSupported()) {
            throw new IllegalArgumentException("the stream must support mark/reset");
        }
        in.mark(1);
        int first = in.read();
        if (first == 0) {
            in.reset();
            return Outcome.NO_MARKER;
        }
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int matched = 0;
        long skipped = 0;
        for (int b = first; b >= 0; b = in.read()) {
            if ((byte) b == BYTES[matched]) {
                if (++matched == BYTES.length) {
                    flush(line, text);
                    return Outcome.MARKER;
                }
                continue;
            }
            // BYTES[0] occurs once in the marker, so a failed partial match restarts at this byte.
            for (int i = 0; i < matched; i++) {
                append(line, BYTES[i], text);
            }
            skipped += matched;
            matched = (byte) b == BYTES[0] ? 1 : 0;
            if (matched == 0) {
                append(line, b, text);
                skipped++;
            }
            if (skipped > maxTextBytes) {
                flush(line, text);
                throw new ProtocolException("more than " + maxTextBytes + " bytes on stdout before the start marker");
            }
        }
        for (int i = 0; i < matched; i++) {
            append(line, BYTES[i], text);
        }
        flush(line, text);
        return Outcome.END;
    }

    private static void append(ByteArrayOutputStream line, int b, Consumer<String> text) {
        if (b == '\n') {
            flush(line, text);
        } else {
            line.write(b);
        }
    }

    private static void flush(ByteArrayOutputStream line, Consumer<String> text) {
        if (line.size() == 0) {
            return;
        }
        String s = line.toString(StandardCharsets.UTF_8);
        line.reset();
        text.accept(s.endsWith("\r") ? s.substring(0, s.length() - 1) : s);
    }
}
