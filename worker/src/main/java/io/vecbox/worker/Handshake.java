package io.vecbox.worker;

import io.vecbox.protocol.Configure;
import io.vecbox.protocol.ErrorCode;
import io.vecbox.protocol.ErrorReply;
import io.vecbox.protocol.Hello;
import io.vecbox.protocol.Message;
import io.vecbox.protocol.MessageReader;
import io.vecbox.protocol.MessageWriter;
import io.vecbox.protocol.Protocol;
import io.vecbox.protocol.ProtocolException;
import io.vecbox.protocol.Ready;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The worker's side of the handshake ({@code protocol/PROTOCOL.md}, 6.1): hello, the supervisor's
 * configure, the connection opened as it asks, ready. Runs once, on the main thread, before the
 * request threads start. It leaves either the session with a frame reader and writer sized for
 * {@code configure.maxFrameBytes}, or the status the worker exits with.
 */
final class Handshake {
    private final InputStream in;
    private final OutputStream out;
    private final boolean testFaults;
    private MessageReader reader;
    private MessageWriter writer;
    private SqlSession session;
    private int exitStatus;

    Handshake(InputStream in, OutputStream out, boolean testFaults) {
        this.in = in;
        this.out = out;
        this.testFaults = testFaults;
    }

    /** @return whether ready was sent and the worker serves; if not, {@link #exitStatus()} says how it exits */
    boolean run() {
        long pid = ProcessHandle.current().pid();
        reader = new MessageReader(in, Protocol.DEFAULT_MAX_FRAME_BYTES);
        writer = new MessageWriter(out, Protocol.DEFAULT_MAX_FRAME_BYTES, Protocol.WORKER_REUSED_BUFFER_BYTES);
        Configure config;
        try {
            writer.write(new Hello(Protocol.VERSION, pid, ConnectionSetup.libraryVersion(),
                    ConnectionSetup.bundledVecVersion(), System.getProperty("java.version", "")));
            Message first = reader.read();
            if (first == null) {
                return exit(Worker.EXIT_OK); // the supervisor went away before configuring us
            }
            if (!(first instanceof Configure c)) {
                StderrLog.warn("expected configure, got " + first.type());
                return exit(Worker.EXIT_PROTOCOL);
            }
            config = c;
        } catch (ProtocolException e) {
            StderrLog.error("protocol violation during handshake", e);
            return exit(Worker.EXIT_PROTOCOL);
        } catch (IOException e) {
            StderrLog.error("handshake failed", e);
            return exit(Worker.EXIT_PROTOCOL);
        } catch (Exception e) {
            StderrLog.error("cannot read SQLite version", e);
            return exit(Worker.EXIT_CONFIG);
        }
        StderrLog.name(config.name());
        Ready ready;
        try {
            session = SqlSession.open(config, testFaults, out);
            ready = session.ready(pid);
        } catch (Exception e) {
            StderrLog.error("cannot open " + config.database(), e);
            Worker.send(writer, new ErrorReply(0, ErrorCode.NOT_READY, SqlSession.sqliteCode(e),
                    "cannot open " + config.role().wireName() + " connection to " + config.database() + ": " + e.getMessage(),
                    "", 0));
            return exit(Worker.EXIT_CONFIG);
        }
        MessageWriter protocolWriter = writer;
        if (config.maxFrameBytes() != Protocol.DEFAULT_MAX_FRAME_BYTES) {
            protocolWriter = new MessageWriter(out, config.maxFrameBytes(), Protocol.WORKER_REUSED_BUFFER_BYTES);
            reader = new MessageReader(in, config.maxFrameBytes());
        }
        writer = protocolWriter;
        session.sendPartsWith(new PartSender(writer));
        Worker.send(writer, ready);
        StderrLog.info("ready: " + config.role().wireName() + " on " + config.database() + ", SQLite "
                + ready.sqliteVersion() + ", sqlite-vec " + ready.sqliteVecVersion());
        return true;
    }

    private boolean exit(int status) {
        exitStatus = status;
        return false;
    }

    int exitStatus() {
        return exitStatus;
    }

    MessageReader reader() {
        return reader;
    }

    MessageWriter writer() {
        return writer;
    }

    SqlSession session() {
        return session;
    }
}
