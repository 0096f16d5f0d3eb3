package io.vecbox.worker;

import io.vecbox.protocol.Cancel;
import io.vecbox.protocol.Configure;
import io.vecbox.protocol.ErrorCode;
import io.vecbox.protocol.ErrorReply;
import io.vecbox.protocol.Hello;
import io.vecbox.protocol.Message;
import io.vecbox.protocol.MessageReader;
import io.vecbox.protocol.MessageWriter;
import io.vecbox.protocol.Ping;
import io.vecbox.protocol.Pong;
import io.vecbox.protocol.Protocol;
import io.vecbox.protocol.ProtocolException;
import io.vecbox.protocol.Ready;
import io.vecbox.protocol.Request;
import io.vecbox.protocol.Response;
import io.vecbox.protocol.Shutdown;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker's two threads. The statement thread (the caller of {@link #run()}) owns the
 * connection and executes work requests one at a time, in order: SQLite's "one connection,
 * one thread". The control thread reads stdin, queues work, and answers what must be answered
 * while a statement runs: ping, cancel (SQLite interrupt), shutdown, and the end of stdin.
 */
final class Worker {
    static final int EXIT_OK = 0;
    static final int EXIT_CONFIG = 1;
    static final int EXIT_PROTOCOL = 2;
    static final int EXIT_OOM = 3;

    /** Queued by the control thread to end the statement loop after the work before it. */
    private static final Request STOP = new Shutdown(-1);

    private final InputStream in;
    private final OutputStream out;
    private final boolean testFaults;
    private final BlockingQueue<Request> work = new LinkedBlockingQueue<>();
    /** Work requests queued or running: counted up before a request is queued, down after it is answered. */
    private final AtomicInteger unanswered = new AtomicInteger();
    private MessageWriter writer;
    private volatile SqlSession session;

    Worker(InputStream in, OutputStream out, boolean testFaults) {
        this.in = in;
        this.out = out;
        this.testFaults = testFaults;
    }

    int run() {
        long pid = ProcessHandle.current().pid();
        MessageReader reader = new MessageReader(in, Protocol.DEFAULT_MAX_FRAME_BYTES);
        writer = new MessageWriter(out, Protocol.DEFAULT_MAX_FRAME_BYTES);
        Configure config;
        try {
            writer.write(new Hello(Protocol.VERSION, pid, SqlSession.libraryVersion(), SqlSession.bundledVecVersion(),
                    System.getProperty("java.version", "")));
            Message first = reader.read();
            if (first == null) {
                return EXIT_OK; // the supervisor went away before configuring us
            }
            if (!(first instanceof Configure c)) {
                StderrLog.warn("expected configure, got " + first.type());
                return EXIT_PROTOCOL;
            }
            config = c;
        } catch (ProtocolException e) {
            StderrLog.error("protocol violation during handshake", e);
            return EXIT_PROTOCOL;
        } catch (IOException e) {
            StderrLog.error("handshake failed", e);
            return EXIT_PROTOCOL;
        } catch (Exception e) {
            StderrLog.error("cannot read SQLite version", e);
            return EXIT_CONFIG;
        }
        StderrLog.name(config.name());
        Ready ready;
        try {
            session = SqlSession.open(config, testFaults, out);
            ready = session.ready(pid);
        } catch (Exception e) {
            StderrLog.error("cannot open " + config.database(), e);
            send(new ErrorReply(0, ErrorCode.NOT_READY, SqlSession.sqliteCode(e),
                    "cannot open " + config.role().wireName() + " connection to " + config.database() + ": " + e.getMessage(),
                    "", 0));
            return EXIT_CONFIG;
        }
        MessageWriter protocolWriter = writer;
        if (config.maxFrameBytes() != Protocol.DEFAULT_MAX_FRAME_BYTES) {
            protocolWriter = new MessageWriter(out, config.maxFrameBytes());
            reader = new MessageReader(in, config.maxFrameBytes());
        }
        writer = protocolWriter;
        send(ready);
        StderrLog.info("ready: " + config.role().wireName() + " on " + config.database() + ", SQLite "
                + ready.sqliteVersion() + ", sqlite-vec " + ready.sqliteVecVersion());

        MessageReader controlReader = reader;
        Thread control = new Thread(() -> controlLoop(controlReader), "vecbox-control");
        control.setDaemon(true);
        control.start();
        return statementLoop();
    }

    private int statementLoop() {
        while (true) {
            Request request;
            try {
                // Wakes up when the next cursor would expire, so that an idle cursor is closed on time
                // (and a reader's snapshot released) even when no request comes.
                long waitNanos = session.maintain(System.nanoTime());
                request = waitNanos == Long.MAX_VALUE ? work.take() : work.poll(waitNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return EXIT_OK;
            }
            if (request == null) {
                continue;
            }
            if (request == STOP) {
                session.close();
                StderrLog.info("shut down");
                return EXIT_OK;
            }
            Response response = session.handle(request);
            send(response);
            unanswered.decrementAndGet();
        }
    }

    private void controlLoop(MessageReader reader) {
        try {
            while (true) {
                Message m = reader.read();
                if (m == null) {
                    // The host closed our stdin or died: never outlive it.
                    StderrLog.info("stdin closed, exiting");
                    session.interrupt();
                    exitSoon(EXIT_OK);
                    return;
                }
                if (m instanceof Ping p) {
                    // Busy from the moment a request is read, not from when the statement thread
                    // picks it up: a ping right behind a request must see it.
                    send(new Pong(p.id(), unanswered.get() > 0));
                } else if (m instanceof Cancel c) {
                    session.cancel(c.id());
                } else if (m instanceof Shutdown) {
                    work.add(STOP);
                    return;
                } else if (m instanceof Request r && r.isWork()) {
                    unanswered.incrementAndGet();
                    work.add(r);
                } else {
                    StderrLog.warn("unexpected message from supervisor: " + m.type());
                    exitSoon(EXIT_PROTOCOL);
                    return;
                }
            }
        } catch (IOException e) {
            StderrLog.error("control stream failed", e);
            session.interrupt();
            exitSoon(EXIT_PROTOCOL);
        }
    }

    private void send(Message m) {
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
