package io.vecbox.protocol;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Encodes messages and writes each as one frame, flushed. A buffer grown for a large message
 * past the size kept (1 MiB unless constructed otherwise) is let go as soon as it is written. Thread-safe: {@link #write} is
 * synchronised, so the worker's request threads can share one writer and frames never interleave.
 */
public final class MessageWriter {
    private final FrameWriter frames;
    private final MessageEncoder encoder;
    private final OutputStream out;
    /** Writes large execute-many requests while they are encoded; made on first use. */
    private StreamedFrame streamed;

    /**
     * A writer that lets go of a buffer grown past 1 MiB as soon as its frame is written.
     *
     * @param out the stream
     * @param maxFrameBytes largest frame this writer sends
     */
    public MessageWriter(OutputStream out, int maxFrameBytes) {
        this(out, maxFrameBytes, 0);
    }

    /**
     * A writer that keeps a buffer of up to {@code keepBytes} for the next large message (a
     * worker: {@link Protocol#WORKER_REUSED_BUFFER_BYTES}); one that grew past it is let go as
     * soon as its frame is written.
     *
     * @param out the stream
     * @param maxFrameBytes largest frame this writer sends
     * @param keepBytes the largest buffer kept between messages; below 1 MiB counts as 1 MiB
     */
    public MessageWriter(OutputStream out, int maxFrameBytes, int keepBytes) {
        this.out = out;
        this.frames = new FrameWriter(out, maxFrameBytes);
        this.encoder = new MessageEncoder(keepBytes);
    }

    /** @return the encoder, for tests */
    MessageEncoder encoder() {
        return encoder;
    }

    /**
     * Writes a payload another encoder made (e.g. {@link MessageEncoder#encodePart}) as one frame,
     * flushed, in turn with {@link #write}'s frames.
     *
     * @param encoded the encoder holding the payload, bytes {@code [0, size())} of its array
     * @throws FrameTooLargeException if the payload is larger than the maximum frame; nothing was
     *     written and the stream is still usable
     * @throws IOException if the stream failed
     */
    public synchronized void writeEncoded(MessageEncoder encoded) throws IOException {
        frames.writeFrame(encoded.array(), 0, encoded.size());
    }

    /**
     * @param message the message
     * @throws FrameTooLargeException if the encoded message is larger than the maximum frame;
     *     nothing was written and the stream is still usable
     * @throws IOException if the stream failed
     */
    public synchronized void write(Message message) throws IOException {
        if (StreamedFrame.worthStreaming(message)) {
            if (streamed == null) {
                streamed = new StreamedFrame(out);
            }
            streamed.write((ExecuteMany) message, frames.maxFrameBytes());
            return;
        }
        try {
            encoder.encode(message);
            frames.writeFrame(encoder.array(), 0, encoder.size());
        } finally {
            // Do not wait for the next message with buffers grown for this one.
            encoder.releaseLargeBuffers();
        }
    }
}
