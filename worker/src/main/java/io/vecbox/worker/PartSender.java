package io.vecbox.worker;

import io.vecbox.protocol.MessageEncoder;
import io.vecbox.protocol.MessageWriter;
import io.vecbox.protocol.Part;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Sends the {@link Part}s of a large query answer while the statement thread reads on. The
 * statement thread encodes each part as soon as its rows are read, into one of
 * {@value #IN_FLIGHT} + 1 encoders kept for the purpose, so the rows are garbage at once (a young
 * collection finds nothing of them alive, and nothing is promoted for them); a thread of its own
 * writes the encoded parts, so that the next rows are read while the last ones travel (and the
 * supervisor decodes them). At most {@value #IN_FLIGHT} parts are queued or being written: the
 * statement thread waits for an encoder when it gets ahead, so memory stays bounded. The statement
 * thread calls {@link #finish} before it answers, so the answer always follows its parts.
 *
 * <p>{@link #sendRows} and {@link #finish} from the statement thread; the writing thread is a daemon
 * started on first use.
 */
final class PartSender {
    /** Parts queued or being written at most. */
    static final int IN_FLIGHT = 2;

    private final MessageWriter writer;
    /** Guarded by this: encoders free for the next part (one more than can be in flight). */
    private final ArrayDeque<MessageEncoder> free = new ArrayDeque<>(IN_FLIGHT + 1);
    /** Guarded by this: encoded parts waiting to be written, oldest first. */
    private final ArrayDeque<MessageEncoder> queued = new ArrayDeque<>(IN_FLIGHT);
    /** Guarded by this: parts queued or being written. */
    private int inFlight;
    /** Guarded by this: why the last part could not be written, until {@link #finish} reports it. */
    private IOException failure;
    private Thread thread;

    PartSender(MessageWriter writer) {
        this.writer = writer;
        for (int i = 0; i <= IN_FLIGHT; i++) {
            free.add(new MessageEncoder());
        }
    }

    /**
     * Encodes the rows read since the last part as a part of request {@code id}'s answer and queues
     * it, waiting while {@value #IN_FLIGHT} are queued already. The rows are not kept.
     *
     * @param columns the answer's column names
     * @param rows normalised rows (as {@link io.vecbox.protocol.Values#normalize} returns values)
     * @throws SQLException if an earlier part could not be written, or this one cannot be encoded:
     *     the request fails, its answer an error
     */
    void sendRows(long id, List<String> columns, List<List<Object>> rows) throws SQLException {
        MessageEncoder encoder;
        try {
            encoder = take();
        } catch (IOException e) {
            throw new SQLException("cannot send the rows: " + e.getMessage(), e);
        }
        try {
            encoder.encodePart(id, columns, rows);
        } catch (RuntimeException e) {
            giveBack(encoder);
            // not a value: a bug, but the answer must come
            throw new SQLException("cannot encode a part: " + e, e);
        }
        queue(encoder);
    }

    /**
     * Waits until the parts of the answer are written; the answer (or the error instead) follows them.
     *
     * @throws SQLException if one could not be written; cleared, so the next answer starts afresh
     */
    void finish() throws SQLException {
        try {
            drain();
        } catch (IOException e) {
            // stdout is gone (no answer can follow either) or a part would not fit a frame.
            throw new SQLException("cannot send the rows: " + e.getMessage(), e);
        }
    }

    /**
     * @return a free encoder, once fewer than {@value #IN_FLIGHT} parts are in flight
     * @throws IOException if an earlier part could not be written (the rest is then pointless)
     */
    private synchronized MessageEncoder take() throws IOException {
        if (thread == null) {
            thread = new Thread(this::run, "vecbox-parts");
            thread.setDaemon(true);
            thread.start();
        }
        boolean interrupted = false;
        while (inFlight == IN_FLIGHT && failure == null) {
            interrupted |= waitInterrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
        return free.remove();
    }

    private synchronized void giveBack(MessageEncoder encoder) {
        free.add(encoder);
    }

    private synchronized void queue(MessageEncoder encoded) {
        queued.add(encoded);
        inFlight++;
        notifyAll();
    }

    private synchronized void drain() throws IOException {
        boolean interrupted = false;
        while (inFlight > 0 && failure == null) {
            interrupted |= waitInterrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        IOException f = failure;
        failure = null;
        if (f != null) {
            throw f;
        }
    }

    private void run() {
        while (true) {
            MessageEncoder next;
            synchronized (this) {
                while (queued.isEmpty()) {
                    waitInterrupted(); // nobody interrupts this thread
                }
                next = queued.peek();
            }
            IOException failed = null;
            try {
                writer.writeEncoded(next);
            } catch (IOException e) {
                failed = e;
            }
            next.releaseLargeBuffers(); // a part with a huge row grew it: do not keep that while idle
            synchronized (this) {
                queued.remove();
                free.add(next);
                inFlight--;
                if (failed != null) {
                    failure = failed;
                    // the rest is not sent: its answer is an error
                    while (!queued.isEmpty()) {
                        free.add(queued.remove());
                        inFlight--;
                    }
                }
                notifyAll();
            }
        }
    }

    /**
     * Waits once; an interrupt does not end the wait early for good (the parts must be written before
     * the answer): the caller restores the flag when it is done waiting.
     *
     * @return whether the wait was interrupted
     */
    private boolean waitInterrupted() {
        try {
            wait();
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }
}
