package io.vecbox.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vecbox.protocol.ErrorCode;
import io.vecbox.protocol.ErrorReply;
import io.vecbox.protocol.Response;
import io.vecbox.protocol.Result;
import io.vecbox.protocol.Role;
import io.vecbox.protocol.Rows;
import io.vecbox.protocol.TransactionRequest;
import io.vecbox.supervisor.AcquireTimeoutException;
import io.vecbox.supervisor.CursorClosedException;
import io.vecbox.supervisor.PoolConfig;
import io.vecbox.supervisor.PoolStats;
import io.vecbox.supervisor.RestartPolicy;
import io.vecbox.supervisor.SandboxPolicy;
import io.vecbox.supervisor.TransactionLostException;
import io.vecbox.supervisor.WorkerCrashedException;
import io.vecbox.supervisor.WorkerPoolException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lease rules of the {@link Dispatcher} and {@link Leases}, without processes: slots are
 * brought to IDLE by hand, "sending" records the request, and answers are fed as a worker
 * connection would feed them.
 */
@Timeout(20)
class DispatcherTest {
    private final LinkedBlockingQueue<PendingRequest> sent = new LinkedBlockingQueue<>();
    private final Deadlines deadlines = new Deadlines("test");
    private final Completions completions = new Completions("test", null);
    private WorkerHandle writer;
    private WorkerHandle reader;
    private Dispatcher dispatcher;
    private Duration idleTimeout;

    @AfterEach
    void stopTimer() {
        deadlines.shutdown();
    }

    private void start(Duration acquireTimeout, Duration idleTimeout) {
        PoolConfig config = new PoolConfig("test", Path.of("unused.db"), 1, Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofSeconds(1), 100, 1 << 20, false, RestartPolicy.ofDefaults(),
                Duration.ZERO, List.of(), List.of(), java.util.Map.of(), Duration.ofSeconds(5), acquireTimeout, 100,
                Duration.ZERO, Duration.ZERO, 0, Path.of("cache"), Path.of("crash"), SandboxPolicy.trusted(),
                idleTimeout, idleTimeout);
        this.idleTimeout = idleTimeout;
        writer = new WorkerHandle("test", 0, Role.WRITER, null);
        reader = new WorkerHandle("test", 1, Role.READER, null);
        dispatcher = new Dispatcher(config, List.of(writer, reader), List.of("java"),
                new Quarantine(2, 3, 1_000_000_000L, 0), deadlines, completions, (w, g, r) -> sent.add(r),
                (w, generation, reason, cause) -> { });
        for (WorkerHandle w : List.of(writer, reader)) {
            dispatcher.lock.lock();
            try {
                w.moveTo(WorkerState.STARTING, "test");
                w.moveTo(WorkerState.IDLE, "test");
                dispatcher.addIdleLocked(w);
            } finally {
                dispatcher.lock.unlock();
            }
        }
    }

    private Lease transactionLease() {
        return new Lease(Lease.Kind.TRANSACTION, Role.WRITER, "test", idleTimeout,
                "transaction");
    }

    /** Begins a transaction and answers it: the writer is then leased. */
    private Lease begun() throws Exception {
        Lease lease = transactionLease();
        PendingRequest begin = PendingRequest.transaction(lease, TransactionRequest.Action.BEGIN, System.nanoTime());
        lease.opening = begin;
        dispatcher.dispatch(begin, false);
        assertThat(sent.poll(5, TimeUnit.SECONDS)).isSameAs(begin);
        answer(writer, ok(begin));
        assertThat(begin.future.get()).isEqualTo("answered");
        return lease;
    }

    private PendingRequest execute(Lease lease, String sql) {
        PendingRequest r = new PendingRequest(RequestKind.EXECUTE, lease, sql, List.of(), null, null,
                System.nanoTime());
        dispatcher.dispatch(r, false);
        return r;
    }

    private static Result ok(PendingRequest r) {
        return new Result(r.wireId, List.of(), List.of(), 0, 0, false, 0, List.of());
    }

    /** What {@code WorkerConnection.onResponse} does with an answer to the worker's request in flight. */
    private void answer(WorkerHandle w, Response response) {
        PendingRequest r;
        PendingRequest next;
        dispatcher.lock.lock();
        try {
            r = w.inFlight;
            assertThat(r).as("request in flight on " + w.name()).isNotNull();
            next = dispatcher.releaseLocked(w, r, response);
        } finally {
            dispatcher.lock.unlock();
        }
        dispatcher.leases.flush();
        completions.finish(r, response instanceof ErrorReply ? null : "answered",
                response instanceof ErrorReply e ? new WorkerPoolException(e.message()) : null);
        if (next != null) {
            sent.add(next);
        }
    }

    private WorkerState state(WorkerHandle w) {
        dispatcher.lock.lock();
        try {
            return w.state();
        } finally {
            dispatcher.lock.unlock();
        }
    }

    private int[] counts() {
        dispatcher.lock.lock();
        try {
            return dispatcher.countsLocked();
        } finally {
            dispatcher.lock.unlock();
        }
    }

    private static Throwable failure(PendingRequest r) throws InterruptedException {
        try {
            r.future.get(5, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got an answer");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer", e);
        }
    }

    @Test
    void leasedWriterTakesOnlyItsLeaseRequestsAndOthersWaitUntilItEnds() throws Exception {
        start(Duration.ofSeconds(10), Duration.ofSeconds(60));
        Lease lease = begun();
        assertThat(state(writer)).isEqualTo(WorkerState.LEASED);
        assertThat(counts()[5]).isEqualTo(1);

        PendingRequest other = new PendingRequest(RequestKind.EXECUTE, "insert other", List.of(), null, null,
                System.nanoTime());
        dispatcher.dispatch(other, false);
        PendingRequest mine = execute(lease, "insert mine");
        assertThat(sent.poll(5, TimeUnit.SECONDS)).as("the lease's request goes first").isSameAs(mine);
        PendingRequest second = execute(lease, "insert mine again");
        assertThat(sent.poll(50, TimeUnit.MILLISECONDS)).as("queued behind the first").isNull();
        answer(writer, ok(mine));
        assertThat(sent.poll(5, TimeUnit.SECONDS)).isSameAs(second);
        answer(writer, ok(second));
        assertThat(state(writer)).isEqualTo(WorkerState.LEASED);
        assertThat(other.future).isNotDone();

        PendingRequest commit = PendingRequest.transaction(lease, TransactionRequest.Action.COMMIT, System.nanoTime());
        dispatcher.dispatch(commit, false);
        assertThat(sent.poll(5, TimeUnit.SECONDS)).isSameAs(commit);
        PendingRequest late = execute(lease, "insert after commit");
        assertThat(failure(late)).as("a request after the commit").hasMessageContaining("already committed");
        answer(writer, ok(commit));
        assertThat(sent.poll(5, TimeUnit.SECONDS)).as("released: the waiting write runs").isSameAs(other);
        assertThat(writer.lease).isNull();
    }

    @Test
    void aWriteWaitingForAnOpenTransactionTimesOut() throws Exception {
        start(Duration.ofMillis(200), Duration.ofSeconds(60));
        begun();
        PendingRequest other = new PendingRequest(RequestKind.EXECUTE, "insert other", List.of(), null, null,
                System.nanoTime());
        dispatcher.dispatch(other, false);
        assertThat(failure(other)).isInstanceOf(AcquireTimeoutException.class)
                .hasMessageContaining("held by a transaction or stream=1");
    }

    @Test
    void idleTransactionIsRolledBackByThePoolAndItsNextCallSaysSo() throws Exception {
        start(Duration.ofSeconds(10), Duration.ofMillis(100));
        long before = System.nanoTime();
        Lease lease = begun();
        PendingRequest rollback = sent.poll(5, TimeUnit.SECONDS);
        assertThat(rollback).isNotNull();
        assertThat(System.nanoTime() - before).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(rollback.kind).isEqualTo(RequestKind.TRANSACTION);
        assertThat(rollback.action).isEqualTo(TransactionRequest.Action.ROLLBACK);
        Throwable next = failure(execute(lease, "insert late"));
        assertThat(next).isInstanceOf(TransactionLostException.class).hasMessageContaining("transactionIdleTimeout");
        assertThat(((TransactionLostException) next).reason()).isEqualTo(TransactionLostException.Reason.IDLE_TIMEOUT);
        assertThat(state(writer)).isEqualTo(WorkerState.BUSY);
        answer(writer, ok(rollback));
        assertThat(state(writer)).isEqualTo(WorkerState.IDLE);
    }

    @Test
    void lossOfTheLeasedWorkerFailsItsWaitingAndLaterCallsWithTheCause() throws Exception {
        start(Duration.ofSeconds(10), Duration.ofSeconds(60));
        Lease lease = begun();
        PendingRequest running = execute(lease, "insert 1");
        assertThat(sent.poll(5, TimeUnit.SECONDS)).isSameAs(running);
        PendingRequest waiting = execute(lease, "insert 2");
        Lease losing;
        dispatcher.lock.lock();
        try {
            writer.inFlight = null;
            losing = dispatcher.leases.detachLocked(writer, running);
            writer.moveTo(WorkerState.EXITED, "test kill");
        } finally {
            dispatcher.lock.unlock();
        }
        assertThat(losing).isSameAs(lease);
        PendingRequest meanwhile = execute(lease, "insert 3");
        assertThat(waiting.future).as("waits for the loss report").isNotDone();
        WorkerCrashedException crash = new WorkerCrashedException("test - crashed", running.wireId, "worker-0#0",
                Duration.ZERO, 1, 137, "SIGKILL", "", false, null);
        dispatcher.leases.lost(lease, crash);
        completions.finish(running, null, Leases.failureFor(running, crash));
        for (PendingRequest r : List.of(running, waiting, meanwhile, execute(lease, "insert 4"))) {
            Throwable t = failure(r);
            assertThat(t).isInstanceOf(TransactionLostException.class).hasCause(crash);
            assertThat(((TransactionLostException) t).reason()).isEqualTo(TransactionLostException.Reason.WORKER_LOST);
        }
    }

    @Test
    void streamWhoseFirstPageIsItsLastHoldsNoReader() throws Exception {
        start(Duration.ofSeconds(10), Duration.ofSeconds(60));
        Lease lease = new Lease(Lease.Kind.CURSOR, Role.READER, "test", Duration.ofSeconds(60), "select 1");
        PendingRequest open = new PendingRequest(RequestKind.OPEN_CURSOR, lease, "select 1", List.of(), null, null,
                System.nanoTime());
        lease.opening = open;
        dispatcher.dispatch(open, false);
        assertThat(sent.poll(5, TimeUnit.SECONDS)).isSameAs(open);
        answer(reader, new Rows(open.wireId, open.wireId, List.of("1"), List.of(List.of(1L)), true));
        assertThat(state(reader)).isEqualTo(WorkerState.IDLE);
        assertThat(reader.lease).isNull();
    }

    @Test
    void cursorClosedByTheWorkerReleasesTheReader() throws Exception {
        start(Duration.ofSeconds(10), Duration.ofSeconds(60));
        Lease lease = new Lease(Lease.Kind.CURSOR, Role.READER, "test", Duration.ofSeconds(60), "select x");
        PendingRequest open = new PendingRequest(RequestKind.OPEN_CURSOR, lease, "select x", List.of(), null, null,
                System.nanoTime());
        lease.opening = open;
        dispatcher.dispatch(open, false);
        assertThat(sent.poll(5, TimeUnit.SECONDS)).isSameAs(open);
        answer(reader, new Rows(open.wireId, open.wireId, List.of("x"), List.of(List.of(1L)), false));
        assertThat(state(reader)).isEqualTo(WorkerState.LEASED);
        assertThat(lease.cursor).isEqualTo(open.wireId);
        PendingRequest query = new PendingRequest(RequestKind.QUERY, "select 2", List.of(), null, null,
                System.nanoTime());
        dispatcher.dispatch(query, false);
        PendingRequest fetch = PendingRequest.ofCursor(RequestKind.FETCH, lease, "select x", lease.cursor, 0, 100,
                System.nanoTime());
        dispatcher.dispatch(fetch, false);
        assertThat(sent.poll(5, TimeUnit.SECONDS)).isSameAs(fetch);
        answer(reader, new ErrorReply(fetch.wireId, ErrorCode.CURSOR_CLOSED, 0, "closed after 5 ms idle", "", 0));
        assertThat(sent.poll(5, TimeUnit.SECONDS)).as("the waiting query gets the reader").isSameAs(query);
        PendingRequest after = PendingRequest.ofCursor(RequestKind.FETCH, lease, "select x", lease.cursor, 0, 100,
                System.nanoTime());
        dispatcher.dispatch(after, false);
        assertThat(failure(after)).isInstanceOf(CursorClosedException.class);
    }

    @Test
    void statsCountLeasedWorkers() throws Exception {
        start(Duration.ofSeconds(10), Duration.ofSeconds(60));
        begun();
        int[] counts = counts();
        PoolStats stats = new PoolStats(2, counts[0], counts[1], counts[2], counts[3], counts[4], 0, 0, 0, 0, 0, 0,
                Duration.ZERO, Duration.ZERO, counts[5]);
        assertThat(stats.leased()).isEqualTo(1);
        assertThat(stats.idle()).isEqualTo(1);
        assertThat(stats.idle() + stats.busy() + stats.starting() + stats.unavailable() + stats.leased())
                .isEqualTo(stats.workers());
    }
}
