package io.vecbox.supervisor.internal;

import io.vecbox.protocol.ErrorReply;
import io.vecbox.protocol.FrameTooLargeException;
import io.vecbox.protocol.Message;
import io.vecbox.protocol.MessageReader;
import io.vecbox.protocol.Part;
import io.vecbox.protocol.Pong;
import io.vecbox.protocol.Protocol;
import io.vecbox.protocol.ProtocolException;
import io.vecbox.protocol.Ready;
import io.vecbox.protocol.Response;
import io.vecbox.protocol.Result;
import io.vecbox.protocol.Role;
import io.vecbox.supervisor.PoolConfig;
import io.vecbox.supervisor.QueryFailedException;
import io.vecbox.supervisor.QueryTimeoutException;
import io.vecbox.supervisor.WorkerPoolException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The wire to each worker generation: the read loop (after the start marker, {@link StartText},
 * and the handshake, {@link WorkerHandshake}) that makes the ready worker serve and turns responses
 * into completions, and the writes, which run on the generation's {@link Outbox} thread.
 *
 * <p>Threads: {@link #readLoop} runs on the generation's reader thread
 * ({@code vecbox-<pool>-worker-<slot>#<gen>-reader}), {@link #send} and {@link #writeLater}'s
 * tasks on its writer thread, or a small request's {@link #send} on the thread that submitted or
 * answered the request before it (see {@link #sendLater}). Holds no state of its own; it takes the {@link Dispatcher}'s lock
 * for the slot's bookkeeping and releases it before completing a future or ending a generation.
 * Every answer is checked against the slot's current generation and request, so a late answer
 * from a replaced or timed-out generation is dropped.
 */
final class WorkerConnection {
    private final String name;
    private final PoolConfig config;
    private final Dispatcher dispatcher;
    private final Completions completions;
    /** Hello, configure, ready, warm-up; and the readers' wait for the writer's database. */
    private final WorkerHandshake handshake;
    private final Quarantine quarantine;
    private final Dispatcher.Loss loss;
    /** Set by {@link Supervisor} once built (it needs this connection): replacements become ready here. */
    Recycling recycling;

    WorkerConnection(PoolConfig config, PoolSetup setup, Dispatcher dispatcher, Completions completions,
                     Quarantine quarantine, Dispatcher.Loss loss) {
        this.name = config.name();
        this.config = config;
        this.dispatcher = dispatcher;
        this.completions = completions;
        this.handshake = new WorkerHandshake(config, setup, dispatcher, loss);
        this.quarantine = quarantine;
        this.loss = loss;
    }

    /**
     * Writes the request to the worker without ever waiting on its pipe: a small request on the
     * calling thread when the generation's {@link Outbox} is idle (no thread wake-up on the
     * request path), anything else on the outbox's thread, so that neither the caller nor a reader
     * thread ever waits on a worker's pipe. Under the dispatcher's lock it always hands over: no
     * I/O, and no failure handling, under the lock. Never blocks.
     */
    void sendLater(WorkerHandle w, WorkerHandle.Generation g, PendingRequest r) {
        if (r.smallFrame() && !dispatcher.lock.isHeldByCurrentThread()) {
            g.outbox().writeNowIfIdle(() -> send(w, g, r));
        } else {
            g.outbox().execute(() -> send(w, g, r));
        }
    }

    private void sendNext(WorkerHandle w, WorkerHandle.Generation g, PendingRequest next) {
        if (next != null) {
            sendLater(w, g, next);
        }
    }

    /** Writes the request to the worker. Runs on the generation's writer thread or, see {@link #sendLater}, the sender's, without the lock. */
    private void send(WorkerHandle w, WorkerHandle.Generation g, PendingRequest r) {
        if (r.pinnedTo != null) {
            // A suspect waited for its slot while other variants of it ran there: it may be quarantined by now.
            Quarantine.Refusal quarantined = quarantine.check(r.fingerprint, System.nanoTime());
            if (quarantined != null) {
                refuseUnsent(w, g, r, SubmissionGate.quarantinedException(name, quarantined, r.sql));
                return;
            }
        }
        try {
            g.writer().write(r.toMessage(r.wireId, config));
        } catch (FrameTooLargeException e) {
            // Nothing was written: the worker is fine, the request is not.
            refuseUnsent(w, g, r, new QueryFailedException(name + " - " + r.kind.wireName() + " of " + e.length()
                    + " bytes exceeds the " + e.maxFrameBytes() + "-byte frame limit; split it (e.g. smaller "
                    + "executeMany batches)", r.wireId, w.name(), Duration.ofNanos(System.nanoTime() - r.submittedNanos),
                    0, "BAD_REQUEST"));
        } catch (IOException e) {
            loss.lost(w, g.number(), "cannot write to worker: " + e.getMessage(), LossCause.CRASH);
        }
    }

    /** Fails a request assigned to the worker but never written to it; the worker takes the next. */
    private void refuseUnsent(WorkerHandle w, WorkerHandle.Generation g, PendingRequest r, WorkerPoolException ex) {
        PendingRequest next;
        WorkerHandle.Generation sendTo;
        dispatcher.lock.lock();
        try {
            if (w.inFlight != r || w.generationNumber != g.number()) {
                return;
            }
            next = dispatcher.releaseLocked(w, r, null);
            sendTo = w.generation;
        } finally {
            dispatcher.lock.unlock();
        }
        dispatcher.leases.flush();
        completions.finish(r, null, ex);
        sendNext(w, sendTo, next);
    }

    /** Writes a control message on the generation's writer thread, after the requests before it. */
    static void writeLater(WorkerHandle.Generation g, Message m) {
        g.outbox().execute(() -> {
            try {
                g.writer().write(m);
            } catch (IOException e) {
                // The worker is going away; its loss is handled by its reader thread.
            }
        });
    }

    /** Start marker, handshake, then responses until the generation ends. Runs on the generation's reader thread. */
    void readLoop(WorkerHandle w, WorkerHandle.Generation g) {
        BufferedInputStream stdout = new BufferedInputStream(g.process().getInputStream(), 64 * 1024);
        MessageReader reader = new MessageReader(stdout, Protocol.DEFAULT_MAX_FRAME_BYTES);
        try {
            Ready ready = handshake.run(w, g, StartText.skip(stdout, name, w.nameOf(g.number()), g.stderr(), reader));
            if (ready == null) {
                return;
            }
            becameReady(w, g, ready);
            PartialResult parts = new PartialResult(config);
            while (readResponse(w, g, reader, parts)) {
                // until the generation ends
            }
        } catch (EOFException e) {
            loss.lost(w, g.number(), "stdout ended inside a frame: " + e.getMessage(), LossCause.CRASH);
        } catch (ProtocolException e) {
            loss.lost(w, g.number(), "protocol violation: " + e.getMessage(), LossCause.VIOLATION);
        } catch (IOException e) {
            loss.lost(w, g.number(), "stdout failed: " + e, LossCause.CRASH);
        } catch (RuntimeException e) {
            Logs.POOL.error("{} - reader of {} failed", name, w.name(), e);
            loss.lost(w, g.number(), "supervisor error: " + e, LossCause.VIOLATION);
        }
    }

    /**
     * Ends the wait of readers started alongside a writer that did not start.
     *
     * @param cause why
     */
    void databaseFailed(Throwable cause) {
        handshake.databaseFailed(cause);
    }

    /**
     * Reads and handles one response.
     *
     * @return false once the generation has ended
     */
    private boolean readResponse(WorkerHandle w, WorkerHandle.Generation g, MessageReader reader, PartialResult parts)
            throws IOException {
        // A method of its own: a local of the loop would keep the last (maybe 40 MB) result
        // reachable while the reader waits for the next one.
        Message m = reader.read();
        if (m == null) {
            loss.lost(w, g.number(), "stdout closed", LossCause.CRASH);
            return false;
        }
        if (!(m instanceof Response response)) {
            loss.lost(w, g.number(), "protocol violation: unexpected " + m.type(), LossCause.VIOLATION);
            return false;
        }
        onResponse(w, g, response, parts);
        return true;
    }

    private void becameReady(WorkerHandle w, WorkerHandle.Generation g, Ready ready) {
        if (recycling.replacementReady(w, g, ready.pid())) {
            return;
        }
        PendingRequest next = null;
        CompletableFuture<Void> readyFuture = null;
        StandbyPromotion.Promotion promotion = null;
        String duty = null;
        Path swappedTo = null;
        dispatcher.lock.lock();
        try {
            if (w.generationNumber != g.number() || w.state() != WorkerState.STARTING) {
                return;
            }
            if (w.role == Role.READER && !g.database().equals(dispatcher.database)) {
                // Launched before a DatabaseSwap switched: it must not serve the old file.
                swappedTo = dispatcher.database.path();
            } else {
                duty = w.standby ? "standby writer" : w.role.wireName();
                w.moveTo(w.standby ? WorkerState.STANDBY : WorkerState.IDLE, "ready");
                w.startFailure = null;
                w.lastStartupNanos = System.nanoTime() - g.launchedNanos();
                readyFuture = w.ready;
                if (w.standby) {
                    promotion = StandbyPromotion.promoteLocked(dispatcher); // the writer may be down right now
                } else if (!dispatcher.closed) {
                    next = dispatcher.takeNextLocked(w);
                    if (next != null) {
                        dispatcher.assignLocked(w, next);
                    } else {
                        dispatcher.addIdleLocked(w);
                    }
                }
            }
        } finally {
            dispatcher.lock.unlock();
        }
        if (swappedTo != null) {
            loss.lost(w, g.number(), "started on " + g.database().path() + ", which the pool swapped for "
                    + swappedTo, LossCause.SUPERSEDED);
            return;
        }
        Duration startup = Duration.ofNanos(System.nanoTime() - g.launchedNanos());
        Logs.WORKERS.info("{} - {} ready: {}, pid {}, {} ms, SQLite {}, sqlite-vec {}", name, w.name(),
                duty, ready.pid(), startup.toMillis(), ready.sqliteVersion(), ready.sqliteVecVersion());
        completions.notifyListener("workerStarted", l -> l.workerStarted(name, w.name(), ready.pid(), startup));
        if (w.role == Role.WRITER) {
            handshake.databaseMade();
        }
        readyFuture.complete(null);
        sendNext(w, g, next);
        StandbyPromotion.announce(name, promotion, completions, this::sendLater);
    }

    private void onResponse(WorkerHandle w, WorkerHandle.Generation g, Response response, PartialResult parts) {
        if (response instanceof Pong) {
            return;
        }
        String violation = null;
        if (response instanceof Part part) {
            violation = parts.add(dispatcher, w, g.number(), part);
            if (violation == null) {
                return;
            }
        } else {
            response = parts.join(response);
            if (response == null) {
                violation = "the parts of a result do not match it, or pass maxRows / maxResultBytes";
            }
        }
        if (violation != null) {
            loss.lost(w, g.number(), "protocol violation: " + violation, LossCause.VIOLATION);
            return;
        }
        PendingRequest r;
        PendingRequest next;
        WorkerHandle.Generation sendTo;
        dispatcher.lock.lock();
        try {
            if (w.generationNumber != g.number()) {
                return;
            }
            r = w.inFlight;
            if (r == null || r.wireId != response.id()) {
                if (r == null && response.id() <= dispatcher.lastId()) {
                    // The answer to a request we already failed at its deadline, racing the kill.
                    return;
                }
                dispatcher.lock.unlock();
                try {
                    loss.lost(w, g.number(), "protocol violation: response to unknown request id " + response.id(),
                            LossCause.VIOLATION);
                } finally {
                    dispatcher.lock.lock();
                }
                return;
            }
            if (!r.accepts(response)) {
                dispatcher.lock.unlock();
                try {
                    loss.lost(w, g.number(), "protocol violation: " + response.type() + " in answer to "
                            + r.kind.wireName() + " #" + r.wireId, LossCause.VIOLATION);
                } finally {
                    dispatcher.lock.lock();
                }
                return;
            }
            next = dispatcher.releaseLocked(w, r, response);
            sendTo = w.generation; // a replacement may have taken over (Recycling)
        } finally {
            dispatcher.lock.unlock();
        }
        dispatcher.leases.flush();
        complete(r, response);
        sendNext(w, sendTo, next);
    }

    private void complete(PendingRequest r, Response response) {
        long now = System.nanoTime();
        if (r.pinnedTo != null) {
            quarantine.acquit(r.fingerprint); // a suspect that answered: free to run anywhere again
        }
        if (response instanceof Result result) {
            WorkerPoolException tooLarge = ResultLimits.exceeded(name, r, result, config, now);
            completions.finish(r, tooLarge == null ? r.toValue(result, now) : null, tooLarge);
        } else if (!(response instanceof ErrorReply e)) {
            completions.finish(r, r.toValue(response, now), null);
        } else {
            WorkerPoolException ex = r.toException(name, e, config, now);
            if (ex instanceof QueryTimeoutException && r.shards == 0) { // a scattered query counts once
                completions.timeouts.increment();
            }
            completions.finish(r, null, ex);
        }
    }
}
