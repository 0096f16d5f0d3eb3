package io.vecbox.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The rows of an {@code execute-many} that are still in its frame: {@link MessageReader#readRowsLater}
 * returned the request before decoding them, so that the receiver can run each row while the
 * rest of the frame is still arriving. Each row gets the checks a whole decode gives it (a
 * malformed row, or bytes after the last one, is a {@link ProtocolException} when it is reached,
 * after which no row remains); rows already taken are not taken back. Every row must be taken ({@link #next}, {@link #skipRest}
 * or {@link #collect}) before the reader reads its next message. Not thread-safe: the reader's
 * thread only.
 */
public final class RowStream {
    private final MessageDecoder decoder;
    private final ExecuteMany head;
    private final int size;
    private int taken;

    RowStream(MessageDecoder decoder, ExecuteMany head, int size) {
        this.decoder = decoder;
        this.head = head;
        this.size = size;
    }

    /** @return the request, without its rows (they are here) */
    public ExecuteMany head() {
        return head;
    }

    /** @return how many rows the frame announced */
    public int size() {
        return size;
    }

    /** @return whether rows remain to be taken */
    public boolean hasNext() {
        return taken < size;
    }

    /**
     * Decodes the next row; after the last one, checks that the frame ends there.
     *
     * @return the row's values (nil, int64, float64, string, binary), unmodifiable
     * @throws NoSuchElementException if every row was taken
     * @throws ProtocolException if the row, or the end of the frame after the last one, is malformed
     * @throws IOException if the stream failed
     */
    public List<Object> next() throws IOException {
        if (taken >= size) {
            throw new NoSuchElementException("all " + size + " rows taken");
        }
        int index = taken++;
        try {
            return decoder.nextRow(index, taken == size);
        } catch (IOException | RuntimeException e) {
            taken = size; // the decoder has given up on the frame: nothing more comes from it
            throw e;
        }
    }

    /**
     * Decodes and drops the rows not taken yet, with the same checks, so that the reader can go on.
     *
     * @throws ProtocolException if one of them, or the end of the frame, is malformed
     * @throws IOException if the stream failed
     */
    public void skipRest() throws IOException {
        while (hasNext()) {
            next();
        }
    }

    /**
     * Decodes the rows not taken yet into a whole request (for a receiver that cannot run them now).
     *
     * @return {@link #head()} with those rows
     * @throws ProtocolException if one of them, or the end of the frame, is malformed
     * @throws IOException if the stream failed
     */
    public ExecuteMany collect() throws IOException {
        List<List<Object>> rows = new ArrayList<>(size - taken);
        while (hasNext()) {
            rows.add(next());
        }
        return new ExecuteMany(head.id(), head.sql(), rows, head.timeoutMillis());
    }

    /**
     * @return the rows not taken yet, one at a time; a malformed row or a failed stream surfaces
     *     as an {@link UncheckedIOException} around the {@link ProtocolException} or {@link IOException}
     */
    public Iterator<List<Object>> iterator() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return RowStream.this.hasNext();
            }

            @Override
            public List<Object> next() {
                try {
                    return RowStream.this.next();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
