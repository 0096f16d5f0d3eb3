package io.vecbox.protocol;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Encodes messages and writes each as one frame, flushed. Buffers grown for a large message are
 * let go as soon as it is written. Thread-safe: {@link #write} is
 * synchronised, so the worker's request threads can share one writer and frames never interleave.
 */
public final class MessageWriter {
    private final FrameWriter frames;
    private final MessageEncoder encoder = new MessageEncoder();

    /**
     * @param out the stream
     * @param maxFrameBytes largest frame this writer sends
     */
    public MessageWriter(OutputStream out, int maxFrameBytes) {
        this.frames = new FrameWriter(out, maxFrameBytes);
    }

    /** @return the encoder, for tests */
    MessageEncoder encoder() {
        return encoder;
    }

    /**
     * @param message the message
     * @throws FrameTooLargeException if the encoded message is larger than the maximum frame;
     *     nothing was written and the stream is still usable
     * @throws IOException if the stream failed
     */
    public synchronized void write(Message message) throws IOException {
        try {
            encoder.encode(message);
            frames.writeFrame(encoder.array(), 0, encoder.size());
        } finally {
            // Do not wait for the next message with buffers grown for this one.
            encoder.releaseLargeBuffers();
        }
    }
}
