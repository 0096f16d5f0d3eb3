package io.vecbox.supervisor.internal;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Writes to one worker generation's stdin on a thread of its own, in the order the writes were
 * handed over. Nobody else waits on the worker's pipe: a frozen worker stops reading, its pipe
 * (64 KiB on Linux) fills, and a large request then blocks its writer until the worker is killed.
 * That writer must never be a host thread that called the pool, nor a reader thread.
 *
 * <p>A write is a task, so the code that handles its failures (a frame too large, a broken pipe)
 * runs on the writer thread too. Thread-safe.
 */
final class Outbox {
    private static final Runnable STOP = () -> { };

    private final BlockingQueue<Runnable> writes = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    /** @param threadName e.g. {@code vecbox-pool-worker-1#2-writer} */
    Outbox(String threadName) {
        this.thread = new Thread(this::drain, threadName);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues a write; never blocks. Dropped once the outbox is closed. */
    void execute(Runnable write) {
        if (!closed) {
            writes.add(write);
        }
    }

    /**
     * Drops the queued writes. The thread ends after the write it is in, which fails once the
     * process is gone.
     */
    void close() {
        closed = true;
        writes.clear();
        writes.add(STOP);
    }

    private void drain() {
        while (true) {
            Runnable write;
            try {
                write = writes.take();
            } catch (InterruptedException e) {
                return;
            }
            if (write == STOP || closed) {
                return;
            }
            try {
                write.run();
            } catch (RuntimeException e) {
                Supervisor.LOG.error("{} failed", thread.getName(), e);
            }
        }
    }
}
