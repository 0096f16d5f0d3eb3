package io.vecbox.supervisor.internal;

import java.util.ArrayDeque;

/**
 * Writes to one worker generation's stdin in the order the writes were handed over, on a thread of
 * its own or, for a small write while nothing is queued, on the thread that hands it over.
 *
 * <p>Why a thread: a frozen worker stops reading, its pipe (64 KiB on Linux) fills, and a large
 * request then blocks its writer until the worker is killed. That writer must never be a host
 * thread that called the pool, nor a reader thread. Why not always: handing every request to that
 * thread cost a thread wake-up per request. A worker has one request in flight and reads every
 * request whole before answering it, so when the outbox is idle and nothing is in flight the pipe
 * holds at most a few control messages; a write of a couple of KiB ({@link #writeNowIfIdle}) then
 * fits and cannot block, and it runs on the caller's thread. (While a large execute-many is in
 * flight the worker reads its rows as it runs them, so the end of its frame may still fill the
 * pipe; only control messages, written here on the outbox thread, are sent to it then.)
 *
 * <p>A write is a task, so the code that handles its failures (a frame too large, a broken pipe)
 * runs wherever the write runs. Writes never overlap: one runs at a time, queued ones in order,
 * and a write on a caller's thread only while none is queued or running. Thread-safe.
 */
final class Outbox {
    /** Queued writes; guarded by this. */
    private final ArrayDeque<Runnable> writes = new ArrayDeque<>();
    private final Thread thread;
    /** A write is running, on the outbox thread or a caller's; guarded by this. */
    private boolean writing;
    /** Guarded by this. */
    private boolean closed;

    /** @param threadName e.g. {@code vecbox-pool-worker-1#2-writer} */
    Outbox(String threadName) {
        this.thread = new Thread(this::drain, threadName);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues a write for the outbox thread; never blocks. Dropped once the outbox is closed. */
    void execute(Runnable write) {
        synchronized (this) {
            if (closed) {
                return;
            }
            writes.addLast(write);
            if (!writing) {
                notifyAll();
            }
        }
    }

    /**
     * Runs a small write (a frame of a few KiB at most) on the calling thread if no write is queued
     * or running, else queues it as {@link #execute} does. Dropped once the outbox is closed. The
     * caller must hold no lock a write's failure handling takes.
     */
    void writeNowIfIdle(Runnable write) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (writing || !writes.isEmpty()) {
                writes.addLast(write);
                if (!writing) {
                    notifyAll();
                }
                return;
            }
            writing = true;
        }
        try {
            write.run();
        } catch (RuntimeException e) {
            Logs.POOL.error("{}: a write on {} failed", thread.getName(), Thread.currentThread().getName(), e);
        } finally {
            finished();
        }
    }

    /**
     * Drops the queued writes. The thread ends after the write it is in, which fails once the
     * process is gone.
     */
    void close() {
        synchronized (this) {
            closed = true;
            writes.clear();
            notifyAll();
        }
    }

    private void finished() {
        synchronized (this) {
            writing = false;
            if (!writes.isEmpty()) {
                notifyAll();
            }
        }
    }

    private void drain() {
        while (true) {
            Runnable write;
            synchronized (this) {
                try {
                    while (!closed && (writing || writes.isEmpty())) {
                        wait();
                    }
                } catch (InterruptedException e) {
                    return;
                }
                if (closed) {
                    return;
                }
                write = writes.pollFirst();
                writing = true;
            }
            try {
                write.run();
            } catch (RuntimeException e) {
                Logs.POOL.error("{} failed", thread.getName(), e);
            } finally {
                finished();
            }
        }
    }
}
