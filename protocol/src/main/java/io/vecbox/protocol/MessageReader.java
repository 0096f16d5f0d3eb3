package io.vecbox.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads frames and decodes each into a {@link Message}. A frame up to 1 MiB is read whole into
 * a reused buffer, then decoded; a larger one is decoded as it is read from the stream (still
 * within its announced length, checked against the maximum before anything is read), so no
 * buffer grows for it and its values are the only copy of its bytes. Not thread-safe: one reader
 * thread per stream.
 */
public final class MessageReader {
    /** Frames longer than this are decoded straight from the stream (see {@link #read}). */
    static final int STREAM_ABOVE_BYTES = Protocol.KEEP_BUFFER_BYTES;
    /**
     * {@link #readRowsLater} decodes frames past this from the stream: the rows of a large
     * execute-many then run while its frame arrives, rather than after it has arrived whole.
     */
    static final int ROWS_LATER_STREAM_ABOVE_BYTES = 64 * 1024;

    private final FrameReader frames;
    private final int streamAboveBytes;
    private final MessageDecoder decoder = new MessageDecoder();

    /**
     * @param in the stream
     * @param maxFrameBytes largest frame accepted
     */
    public MessageReader(InputStream in, int maxFrameBytes) {
        this(in, maxFrameBytes, STREAM_ABOVE_BYTES);
    }

    /**
     * @param in the stream
     * @param maxFrameBytes largest frame accepted
     * @param streamAboveBytes frames longer than this are decoded as they are read (for tests: 0
     *     streams every frame)
     */
    MessageReader(InputStream in, int maxFrameBytes, int streamAboveBytes) {
        this.frames = new FrameReader(in, maxFrameBytes);
        this.streamAboveBytes = streamAboveBytes;
    }

    /** @return the frame reader, for tests */
    FrameReader frames() {
        return frames;
    }

    /**
     * @return the next message, or null if the stream ended cleanly at a frame boundary
     * @throws EOFException if the stream ended inside a frame
     * @throws ProtocolException if a frame is oversized or does not hold a valid message
     * @throws IOException if the stream failed
     */
    public Message read() throws IOException {
        requireRowsTaken();
        int len = frames.readHeader();
        if (len < 0) {
            return null;
        }
        if (len > streamAboveBytes) {
            // Decoded while it arrives: no frame-sized buffer, one copy less, and the decoding
            // overlaps the peer's writing.
            return decoder.decode(frames.payloadStream(len), len);
        }
        frames.readPayload(len);
        return decoder.decode(frames.buffer(), 0, len);
    }

    /**
     * Reads the next message as {@link #read} does, except for an {@code execute-many} whose
     * {@code rows} field comes last in its map: that one is returned as soon as the fields before
     * its rows are decoded, with no rows, and its rows wait in {@link #pendingRows()}, to be run
     * one by one while the rest of the frame is still arriving. A frame past
     * {@value #ROWS_LATER_STREAM_ABOVE_BYTES} bytes is then decoded straight from the stream.
     *
     * @return the next message, or null if the stream ended cleanly at a frame boundary
     * @throws IllegalStateException if rows of the message before are still pending
     * @throws EOFException if the stream ended inside a frame
     * @throws ProtocolException if a frame is oversized or the part of it decoded so far is invalid
     * @throws IOException if the stream failed
     */
    public Message readRowsLater() throws IOException {
        requireRowsTaken();
        int len = frames.readHeader();
        if (len < 0) {
            return null;
        }
        if (len > Math.min(streamAboveBytes, ROWS_LATER_STREAM_ABOVE_BYTES)) {
            return decoder.decode(frames.payloadStream(len), len, true);
        }
        frames.readPayload(len);
        return decoder.decode(frames.buffer(), 0, len, true);
    }

    /**
     * @return the rows of the execute-many {@link #readRowsLater} just returned, until every one
     *     is taken; null if there are none left (or it returned another message)
     */
    public RowStream pendingRows() {
        return decoder.pending();
    }

    private void requireRowsTaken() {
        RowStream rows = decoder.pending();
        if (rows != null) {
            throw new IllegalStateException("rows of execute-many " + rows.head().id() + " not taken yet");
        }
    }
}
