package io.vecbox.worker;

import io.vecbox.protocol.Cancel;
import io.vecbox.protocol.Message;
import io.vecbox.protocol.MessageReader;
import io.vecbox.protocol.MessageWriter;
import io.vecbox.protocol.Ping;
import io.vecbox.protocol.Pong;
import io.vecbox.protocol.Request;
import io.vecbox.protocol.Response;
import io.vecbox.protocol.RowStream;
import io.vecbox.protocol.Shutdown;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The worker's two request threads, in a leader/follower pair. At most one of them, the leader,
 * reads stdin at any time. Control messages it answers at once and keeps reading: ping, cancel
 * (SQLite interrupt), shutdown, the end of stdin. A work request it runs itself, on the thread
 * that read it, and then goes back to reading: the request path has no thread hand-off, and a
 * short request no thread wake-up either, as in a plain read-run-write loop.
 *
 * <p>So that a cancel or ping behind a long request is still read while its statement runs, the
 * other thread, the follower, takes the leadership once the request has run for
 * {@value #HANDOFF_MILLIS} ms. It finds out by polling every {@value #HANDOFF_MILLIS} ms while
 * requests come, not by being woken for each one (a wake-up per request cost more CPU than a small
 * query); after {@value #QUIET_POLLS} polls without a new request it waits until the next request
 * wakes it. A control message behind a short request is read once that request has been answered.
 *
 * <p>The connection is still used by one thread at a time, in request order: a thread runs work
 * only while it holds {@code executing}; work read while another request runs waits in
 * {@code backlog} and is run by the thread that holds {@code executing}, before it lets go. (The
 * supervisor sends one work request at a time, so the backlog is normally empty.) The follower,
 * while it waits to lead, closes idle cursors on time ({@link SqlSession#maintain}).
 *
 * <p>A large execute-many runs row by row while its frame arrives ({@link MessageReader#readRowsLater}):
 * its thread leads until the frame has ended, so control messages behind it are read after its rows.
 */
final class Worker {
    static final int EXIT_OK = 0;
    static final int EXIT_CONFIG = 1;
    static final int EXIT_PROTOCOL = 2;
    static final int EXIT_OOM = 3;
    /** How long a request runs before the follower takes the leadership and reads stdin behind it. */
    static final int HANDOFF_MILLIS = 1;
    private static final long HANDOFF_NANOS = HANDOFF_MILLIS * 1_000_000L;
    /** Polls without a new request after which the follower waits to be woken. */
    static final int QUIET_POLLS = 50;

    private final InputStream in;
    private final OutputStream out;
    private final boolean testFaults;
    /** Work requests read and not yet answered: counted up when read, down after the answer is written. */
    private final AtomicInteger unanswered = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the leadership is free, or the worker stops. */
    private final Condition leaderWanted = lock.newCondition();
    /** Guarded by lock: a thread reads stdin. */
    private boolean leading;
    /** Guarded by lock: a thread runs work (or maintenance) on the connection. */
    private boolean executing;
    /** Guarded by lock: work requests started so far; the follower tells activity from quiet by it. */
    private long started;
    /** Guarded by lock: when the running work started ({@link System#nanoTime()}). */
    private long startedNanos;
    /** Guarded by lock: followers waiting to be woken rather than polling. */
    private int dozing;
    /** Guarded by lock: work read while other work ran, in order. */
    private final ArrayDeque<Request> backlog = new ArrayDeque<>();
    /** Guarded by lock: a shutdown request was read; the work before it still runs. */
    private boolean stopping;
    /** Completed with the exit status once the statement work has ended after a shutdown request. */
    private final CompletableFuture<Integer> stopped = new CompletableFuture<>();
    private MessageReader reader;
    private MessageWriter writer;
    private volatile SqlSession session;

    Worker(InputStream in, OutputStream out, boolean testFaults) {
        this.in = in;
        this.out = out;
        this.testFaults = testFaults;
    }

    /**
     * Shakes hands with the supervisor ({@link Handshake}) and, once ready, serves on the two request
     * threads until a shutdown request has been carried out (the end of stdin and a protocol violation
     * end the process from a request thread, through {@link #exitSoon}).
     *
     * @return the status the worker exits with
     */
    int run() {
        Handshake handshake = new Handshake(in, out, testFaults);
        if (!handshake.run()) {
            return handshake.exitStatus();
        }
        reader = handshake.reader();
        writer = handshake.writer();
        session = handshake.session();

        Thread second = new Thread(this::serve, "vecbox-request-2");
        second.setDaemon(true);
        second.start();
        Thread first = new Thread(this::serve, "vecbox-request-1");
        first.setDaemon(true);
        first.start();
        try {
            return stopped.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_OK;
        } catch (ExecutionException e) {
            StderrLog.error("request thread failed", e.getCause());
            return EXIT_PROTOCOL;
        }
    }

    /** A request thread: lead (read stdin) when the leadership is free, run the work it reads. */
    private void serve() {
        try {
            while (awaitLeadership()) {
                lead();
            }
        } catch (OutOfMemoryError e) {
            Runtime.getRuntime().halt(EXIT_OOM);
        } catch (RuntimeException | Error e) {
            stopped.completeExceptionally(e);
        }
    }

    /**
     * Waits until no thread reads stdin, or the work that stopped the last leader from reading has
     * run for {@value #HANDOFF_MILLIS} ms, and takes the leadership; closes idle cursors meanwhile.
     *
     * @return false once the worker stops
     */
    private boolean awaitLeadership() {
        lock.lock();
        try {
            long seen = started;
            int quiet = 0;
            while (true) {
                if (stopping) {
                    return false;
                }
                long now = System.nanoTime();
                if (!leading && (!executing || now - startedNanos >= HANDOFF_NANOS)) {
                    leading = true;
                    return true;
                }
                if (started != seen) {
                    seen = started;
                    quiet = 0;
                }
                long waitNanos = Long.MAX_VALUE;
                if (!executing) {
                    // Wakes up when the next cursor would expire, so that an idle cursor is closed on time
                    // (and a reader's snapshot released) even when no request comes.
                    waitNanos = session.maintain(now);
                }
                boolean poll = quiet < QUIET_POLLS;
                if (poll) {
                    quiet++;
                    long handoff = leading ? HANDOFF_NANOS : Math.max(1, startedNanos + HANDOFF_NANOS - now);
                    waitNanos = Math.min(waitNanos, handoff);
                } else {
                    dozing++; // the next work request wakes this thread (see lead)
                }
                try {
                    if (waitNanos == Long.MAX_VALUE) {
                        leaderWanted.awaitUninterruptibly();
                    } else {
                        leaderWanted.awaitNanos(waitNanos);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                } finally {
                    if (!poll) {
                        dozing--;
                        quiet = 0; // woken: poll again while requests come
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads stdin until a work request comes, then hands the leadership over and runs the work. An
     * execute-many whose rows are still arriving runs on this thread as they arrive, if the
     * connection is free: this thread keeps the leadership until its frame has ended.
     */
    private void lead() {
        Request work;
        RowStream arriving;
        try {
            work = readUntilWork();
            arriving = work == null ? null : reader.pendingRows();
            if (arriving != null && !takeConnection()) {
                work = arriving.collect(); // busy: it waits in the backlog, whole
                arriving = null;
            }
        } catch (IOException e) {
            StderrLog.error("control stream failed", e);
            session.interrupt();
            exitSoon(EXIT_PROTOCOL);
            return;
        }
        if (work == null) {
            return; // stopping, or exiting
        }
        Response first = arriving != null ? runArriving(work, arriving) : null;
        if (arriving != null ? first == null : !handOver(work)) {
            return; // its frame was broken (exiting), or it waits in the backlog
        }
        while (work != null) {
            Response response = first != null ? first : session.handle(work);
            first = null;
            send(writer, response);
            unanswered.decrementAndGet();
            work = nextOrRelease();
        }
    }

    /** @return whether this thread took the connection (nothing runs on it); it keeps the leadership */
    private boolean takeConnection() {
        lock.lock();
        try {
            if (executing) {
                return false;
            }
            startLocked();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs an execute-many as its rows arrive, on the connection this thread took, then lets go of
     * the leadership once its frame has been read to the end.
     *
     * @return the answer, or null if the frame turned out broken (a protocol violation: what the
     *     request had done is rolled back and the worker exits)
     */
    private Response runArriving(Request work, RowStream arriving) {
        Response response;
        try {
            response = session.handle(work, arriving);
            arriving.skipRest(); // rows a failed request left, so that the stream can go on
        } catch (IOException | UncheckedIOException e) {
            StderrLog.error("protocol violation inside execute-many " + work.id(), e);
            session.interrupt();
            exitSoon(EXIT_PROTOCOL);
            return null;
        }
        lock.lock();
        try {
            leading = false; // a follower, if one waits, reads behind it when it polls next
        } finally {
            lock.unlock();
        }
        return response;
    }

    /**
     * Lets go of the leadership and takes the connection for {@code work}, or queues it behind the
     * work that holds the connection.
     *
     * @return whether this thread is to run it
     */
    private boolean handOver(Request work) {
        lock.lock();
        try {
            leading = false;
            if (executing) {
                backlog.addLast(work); // runs after the work before it, on that work's thread
                leaderWanted.signal(); // and someone must read behind it
                return false;
            }
            startLocked();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Caller holds the lock and nothing runs: this thread takes the connection. */
    private void startLocked() {
        executing = true;
        started++;
        startedNanos = System.nanoTime();
        if (dozing > 0) {
            leaderWanted.signal(); // to poll while this request runs
        }
    }

    /** @return the next work in the backlog, or null after letting go of the connection */
    private Request nextOrRelease() {
        lock.lock();
        try {
            Request next = backlog.pollFirst();
            if (next != null) {
                return next;
            }
            executing = false;
            if (stopping && !leading) {
                finish();
            }
            // No signal: this thread goes back to awaitLeadership and, unless the follower took
            // over, leads again at once.
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Caller holds the lock, nothing runs and nobody reads: the worker has stopped as asked. */
    private void finish() {
        session.close();
        StderrLog.info("shut down");
        leaderWanted.signalAll();
        stopped.complete(EXIT_OK);
    }

    /**
     * @return the next work request, or null once the worker stops (shutdown) or exits (end of
     *     stdin, protocol violation)
     */
    private Request readUntilWork() throws IOException {
        while (true) {
            Message m = reader.readRowsLater();
            if (m == null) {
                // The host closed our stdin or died: never outlive it.
                StderrLog.info("stdin closed, exiting");
                session.interrupt();
                exitSoon(EXIT_OK);
                return null;
            }
            if (m instanceof Ping p) {
                // Busy from the moment a request is read, not from when it starts to run: a ping
                // right behind a request must see it.
                send(writer, new Pong(p.id(), unanswered.get() > 0));
            } else if (m instanceof Cancel c) {
                session.cancel(c.id());
            } else if (m instanceof Shutdown) {
                lock.lock();
                try {
                    stopping = true;
                    leading = false; // and nobody reads again
                    if (!executing) {
                        finish();
                    } else {
                        leaderWanted.signalAll();
                    }
                } finally {
                    lock.unlock();
                }
                return null;
            } else if (m instanceof Request r && r.isWork()) {
                unanswered.incrementAndGet();
                return r;
            } else {
                StderrLog.warn("unexpected message from supervisor: " + m.type());
                exitSoon(EXIT_PROTOCOL);
                return null;
            }
        }
    }

    /** Writes a frame to the supervisor; if it cannot, the worker exits. */
    static void send(MessageWriter writer, Message m) {
        try {
            writer.write(m);
        } catch (IOException e) {
            // stdout is gone: the supervisor is gone or has given up on us.
            StderrLog.error("cannot write to supervisor", e);
            exitSoon(EXIT_PROTOCOL);
        }
    }

    /**
     * Exits through System.exit (so sqlite-jdbc's temp files are cleaned up) but never takes
     * longer than a second and a half: a statement stuck in native code must not keep the
     * process alive after its host is gone.
     */
    static void exitSoon(int status) {
        Thread backstop = new Thread(() -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException ignored) {
                // halting anyway
            }
            Runtime.getRuntime().halt(status);
        }, "vecbox-exit");
        backstop.setDaemon(true);
        backstop.start();
        System.err.flush();
        System.exit(status);
    }
}
