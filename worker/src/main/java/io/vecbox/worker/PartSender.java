package io.vecbox.worker;

import io.vecbox.protocol.MessageWriter;
import io.vecbox.protocol.Part;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes the {@link Part}s of a large query answer on a thread of its own, so that the statement
 * thread reads the next rows while the last ones are encoded and travel (and the supervisor
 * decodes them). At most {@value #IN_FLIGHT} parts are queued or being written: the statement
 * thread waits when it gets ahead, so memory stays bounded. The statement thread calls
 * {@link #drain} before it answers, so the answer always follows its parts.
 *
 * <p>{@link #send} and {@link #drain} from the statement thread; the writing thread is a daemon
 * started on first use.
 */
final class PartSender {
    /** Parts queued or being written at most. */
    static final int IN_FLIGHT = 2;

    private final MessageWriter writer;
    private final Rows[] queue = new Rows[IN_FLIGHT];
    /** Guarded by this: where the oldest queued part is, and how many are queued (the oldest being written). */
    private int head;
    private int count;
    /** Guarded by this: why the last part could not be written, until {@link #drain} reports it. */
    private IOException failure;
    private Thread thread;

    PartSender(MessageWriter writer) {
        this.writer = writer;
    }

    /**
     * Queues the rows read since the last part as a part of request {@code id}'s answer.
     *
     * @throws SQLException if an earlier part could not be written: the request fails, its answer an error
     */
    void sendRows(long id, List<String> columns, List<List<Object>> rows) throws SQLException {
        try {
            send(new Rows(id, columns, rows));
        } catch (IOException e) {
            throw new SQLException("cannot send the rows: " + e.getMessage(), e);
        }
    }

    /**
     * Waits until the parts of the answer are written; the answer (or the error instead) follows them.
     *
     * @throws SQLException if one could not be written
     */
    void finish() throws SQLException {
        try {
            drain();
        } catch (IOException e) {
            // stdout is gone (no answer can follow either) or a part would not fit a frame.
            throw new SQLException("cannot send the rows: " + e.getMessage(), e);
        }
    }

    /** A part's fields, made into a {@link Part} (which copies its rows) on the writing thread, off the statement thread. */
    private record Rows(long id, List<String> columns, List<List<Object>> rows) {
    }

    /**
     * Queues a part, waiting while {@value #IN_FLIGHT} are queued already.
     *
     * @param part the rows read since the last part
     * @throws IOException if an earlier part could not be written (the rest is then pointless)
     */
    private synchronized void send(Rows part) throws IOException {
        if (thread == null) {
            thread = new Thread(this::run, "vecbox-parts");
            thread.setDaemon(true);
            thread.start();
        }
        boolean interrupted = false;
        while (count == IN_FLIGHT && failure == null) {
            interrupted |= waitInterrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
        queue[(head + count) % IN_FLIGHT] = part;
        count++;
        notifyAll();
    }

    /**
     * Waits until every queued part is written.
     *
     * @throws IOException if one could not be written; cleared, so the next answer starts afresh
     */
    synchronized void drain() throws IOException {
        boolean interrupted = false;
        while (count > 0 && failure == null) {
            interrupted |= waitInterrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        IOException f = failure;
        failure = null;
        count = 0;
        if (f != null) {
            throw f;
        }
    }

    private void run() {
        while (true) {
            Rows next;
            synchronized (this) {
                while (count == 0) {
                    waitInterrupted(); // nobody interrupts this thread
                }
                next = queue[head];
            }
            IOException failed = null;
            try {
                writer.write(new Part(next.id(), next.columns(), next.rows()));
            } catch (IOException e) {
                failed = e;
            } catch (RuntimeException e) {
                failed = new IOException("cannot encode a part: " + e, e); // not a value: a bug, but the answer must come
            }
            synchronized (this) {
                queue[head] = null;
                head = (head + 1) % IN_FLIGHT;
                count--;
                if (failed != null) {
                    failure = failed;
                    for (int i = 0; i < IN_FLIGHT; i++) {
                        queue[i] = null; // the rest is not sent: its answer is an error
                    }
                    count = 0;
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
