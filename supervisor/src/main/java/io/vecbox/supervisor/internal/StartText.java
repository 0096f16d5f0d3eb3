package io.vecbox.supervisor.internal;

import io.vecbox.protocol.MessageReader;
import io.vecbox.protocol.ProtocolException;
import io.vecbox.protocol.StartMarker;
import java.io.IOException;
import java.io.InputStream;

/**
 * What a worker's JVM printed on stdout before the worker's {@code main} wrote the protocol's
 * start marker: the "Started recording" of {@code -XX:StartFlightRecording}, the version of
 * {@code --show-version}, the banner of a JVM that crashed while starting. It is skipped (at most
 * {@value StartMarker#MAX_TEXT_BYTES} bytes) and relayed like stderr: each line at INFO on
 * {@code io.vecbox.pool.stderr}, and into the stderr tail of crash reports. No request has reached
 * the worker yet, so no query parameter can be in it. Stateless; runs on the generation's reader
 * thread.
 */
final class StartText {
    private StartText() {
    }

    /**
     * Reads the worker's stdout up to its start marker. At its end (the JVM exited first) the
     * reader's next {@code read()} says so; from a worker that sends no marker (protocol version 2)
     * it reads the {@code hello}, whose version the handshake then refuses.
     *
     * @param stdout the worker's stdout, with mark support, the stream {@code frames} reads
     * @param pool the pool's name, for the log
     * @param worker the worker's name, for the log
     * @param tail the generation's stderr tail
     * @param frames the reader of the frames that follow
     * @return {@code frames}
     * @throws ProtocolException past {@value StartMarker#MAX_TEXT_BYTES} bytes before the marker
     * @throws IOException if the stream fails
     */
    static MessageReader skip(InputStream stdout, String pool, String worker, StderrTail tail, MessageReader frames)
            throws IOException {
        StartMarker.skip(stdout, StartMarker.MAX_TEXT_BYTES, line -> {
            tail.add("(stdout) " + line);
            Logs.STDERR.info("{} - {} stdout before start: {}", pool, worker, Text.headTail(line, 1000));
        });
        return frames;
    }
}
