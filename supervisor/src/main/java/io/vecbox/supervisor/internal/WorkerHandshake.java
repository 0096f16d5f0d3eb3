package io.vecbox.supervisor.internal;

import io.vecbox.protocol.Configure;
import io.vecbox.protocol.ErrorReply;
import io.vecbox.protocol.Hello;
import io.vecbox.protocol.Message;
import io.vecbox.protocol.MessageReader;
import io.vecbox.protocol.Protocol;
import io.vecbox.protocol.Query;
import io.vecbox.protocol.Ready;
import io.vecbox.protocol.Response;
import io.vecbox.protocol.Role;
import io.vecbox.supervisor.PoolConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A new generation's first frames, after its start marker: hello (protocol version, the
 * command-prefix check), then for a reader or the standby a wait until the writer has made the
 * database, configure, ready, and for the standby or a restarted worker a warm-up query
 * ({@link #WARM_UP_SQL}). What happens once it is ready is {@link WorkerConnection}'s.
 *
 * <p>Runs on the generation's reader thread; writes on it too (the slot is still STARTING, so
 * nothing else is written to the worker yet). Takes the {@link Dispatcher}'s lock only to read
 * the slot's duty in {@link #warmsUp}; holds it across no read, write or wait. A handshake that
 * fails ends the generation through {@link Dispatcher.Loss}.
 */
final class WorkerHandshake {
    /** What a new worker runs before it takes requests (see {@link #warmUp}): every value type, one table read. */
    static final String WARM_UP_SQL = "select ?, ?, ?, ?, count(*) from sqlite_schema";

    private final String name;
    private final PoolConfig config;
    private final Path sqliteVec;
    private final Dispatcher dispatcher;
    private final PrefixCheck prefixCheck;
    private final Dispatcher.Loss loss;
    /**
     * Completed when a writer first became ready: the database file exists and is in WAL mode.
     * Readers start with the writer, in parallel, but are configured (open the file read-only)
     * only after this.
     */
    private final CompletableFuture<Void> databaseReady = new CompletableFuture<>();

    WorkerHandshake(PoolConfig config, PoolSetup setup, Dispatcher dispatcher, Dispatcher.Loss loss) {
        this.name = config.name();
        this.config = config;
        this.sqliteVec = setup.sqliteVec();
        this.dispatcher = dispatcher;
        this.prefixCheck = new PrefixCheck(name, config.commandPrefix());
        this.loss = loss;
        if (config.readOnly()) {
            databaseReady.complete(null); // no writer: the file exists already (PoolSetup checked)
        }
    }

    /**
     * Hello, configure, ready, then the warm-up if this generation {@linkplain #warmsUp warms up}.
     *
     * @param reader the generation's stdout, past its start marker
     * @return the worker's ready message, or null once the generation was ended
     */
    Ready run(WorkerHandle w, WorkerHandle.Generation g, MessageReader reader) throws IOException {
        Ready ready = handshake(w, g, reader);
        if (ready == null) {
            return null;
        }
        if (warmsUp(w, g) && !warmUp(w, g, reader)) {
            return null;
        }
        return ready;
    }

    /** @return the worker's ready message, or null once the generation was ended */
    private Ready handshake(WorkerHandle w, WorkerHandle.Generation g, MessageReader reader) throws IOException {
        Message m = reader.read();
        if (m == null) {
            loss.lost(w, g.number(), "exited before its handshake", LossCause.CRASH);
            return null;
        }
        if (!(m instanceof Hello hello)) {
            loss.lost(w, g.number(), "protocol violation: expected hello, got " + m.type(), LossCause.VIOLATION);
            return null;
        }
        if (hello.protocolVersion() != Protocol.VERSION) {
            loss.lost(w, g.number(), "protocol version mismatch: worker speaks " + hello.protocolVersion()
                    + ", supervisor " + Protocol.VERSION, LossCause.VIOLATION);
            return null;
        }
        prefixCheck.onHello(w.nameOf(g.number()), g.tree(), hello.pid());
        if ((w.role == Role.READER || w.standby) && !awaitDatabase(w, g)) {
            return null;
        }
        g.writer().write(configureFor(w, g));
        m = reader.read();
        if (m instanceof ErrorReply e) {
            loss.lost(w, g.number(), e.message(), LossCause.CRASH);
            return null;
        }
        if (!(m instanceof Ready ready)) {
            loss.lost(w, g.number(), m == null ? "exited during its handshake"
                    : "protocol violation: expected ready, got " + m.type(), m == null ? LossCause.CRASH
                    : LossCause.VIOLATION);
            return null;
        }
        return ready;
    }

    /**
     * Whether a generation runs one throwaway query before it takes requests: the standby writer
     * (it must be quick the moment it is promoted) and every restarted worker (a reader restarted
     * after a crash should not make the next read wait for its class loading and first statement).
     * The pool's first workers skip it, so that {@code build()} returns sooner.
     */
    private boolean warmsUp(WorkerHandle w, WorkerHandle.Generation g) {
        if (g.number() > 1) {
            return true;
        }
        dispatcher.lock.lock();
        try {
            return w.standby;
        } finally {
            dispatcher.lock.unlock();
        }
    }

    /**
     * Runs {@link #WARM_UP_SQL} on the new worker, before it takes requests: SQLite's statement
     * path, the value codec both ways and the connection's pages are then hot. Written and read on
     * the reader thread, like the configuration: the slot is still STARTING, so nothing else is
     * written to this worker yet. Any answer (an error too) is good enough.
     *
     * @return false once the generation has ended
     */
    private boolean warmUp(WorkerHandle w, WorkerHandle.Generation g, MessageReader reader) throws IOException {
        long id = dispatcher.nextId();
        g.writer().write(new Query(id, WARM_UP_SQL, List.of(1L, 1.5d, "warm-up", new byte[] {1, 2, 3, 4}),
                config.maxRows(), config.maxResultBytes(), config.startupTimeout().toMillis()));
        Message m = reader.read();
        if (m == null) {
            loss.lost(w, g.number(), "exited during its warm-up", LossCause.CRASH);
            return false;
        }
        if (!(m instanceof Response response) || response.id() != id) {
            loss.lost(w, g.number(), "protocol violation: unexpected " + m.type() + " in answer to the warm-up",
                    LossCause.VIOLATION);
            return false;
        }
        return true;
    }

    /**
     * Holds a reader between its hello and its configuration until a writer has made the
     * database (a read-only connection cannot create the file or switch it to WAL). Polls so
     * that a generation killed meanwhile (startup timeout, pool closed) frees its reader thread.
     *
     * @return false once the generation was ended
     */
    private boolean awaitDatabase(WorkerHandle w, WorkerHandle.Generation g) {
        while (true) {
            try {
                databaseReady.get(50, TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                if (!g.process().isAlive()) {
                    loss.lost(w, g.number(), "exited before its handshake", LossCause.CRASH);
                    return false;
                }
            } catch (ExecutionException e) {
                loss.lost(w, g.number(), "the writer did not start: " + e.getCause().getMessage(), LossCause.CRASH);
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                loss.lost(w, g.number(), "interrupted while waiting for the writer", LossCause.CRASH);
                return false;
            }
        }
    }

    /** A writer became ready: the readers and the standby waiting in {@link #awaitDatabase} go on. */
    void databaseMade() {
        databaseReady.complete(null);
    }

    /**
     * Ends the wait of readers started alongside a writer that did not start.
     *
     * @param cause why
     */
    void databaseFailed(Throwable cause) {
        databaseReady.completeExceptionally(cause);
    }

    private Configure configureFor(WorkerHandle w, WorkerHandle.Generation g) {
        // Named after its own generation: a replacement starts while the slot's worker still serves.
        return WorkerConfiguration.configure(config, g.database().path(), sqliteVec, w.nameOf(g.number()), w.role);
    }
}
