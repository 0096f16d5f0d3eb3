package io.vecbox.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vecbox.protocol.ErrorCode;
import io.vecbox.protocol.ErrorReply;
import io.vecbox.protocol.Response;
import io.vecbox.protocol.Result;
import io.vecbox.protocol.Role;
import io.vecbox.supervisor.PoolConfig;
import io.vecbox.supervisor.QueryFailedException;
import io.vecbox.supervisor.QueryResult;
import io.vecbox.supervisor.QueryTimeoutException;
import io.vecbox.supervisor.RestartPolicy;
import io.vecbox.supervisor.SandboxPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The scatter's decisions without processes: slots are brought to IDLE by hand, "sending" records
 * the request, and answers are fed as {@code WorkerConnection} feeds them. The real readers' side
 * is {@code ScatterKnnIT}'s.
 */
@Timeout(20)
class ScatterTest {
    private static final String KNN = "select rowid, distance from items where embedding match ? and k = ?";
    private static final List<String> COLUMNS = List.of("rowid", "distance");

    private final LinkedBlockingQueue<PendingRequest> sent = new LinkedBlockingQueue<>();
    private final List<PendingRequest> cancelled = new ArrayList<>();
    private final Deadlines deadlines = new Deadlines("test");
    private final Completions completions = new Completions("test", null);
    private final List<WorkerHandle> slots = new ArrayList<>();
    private PoolConfig config;
    private Dispatcher dispatcher;
    private Scatter scatter;

    @AfterEach
    void stopTimer() {
        deadlines.shutdown();
    }

    private void start(int readers, boolean scatterKnn, int maxRows) {
        config = new PoolConfig("test", Path.of("unused.db"), readers, Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofSeconds(1), maxRows, 1 << 20, true, RestartPolicy.ofDefaults(),
                Duration.ZERO, List.of(), List.of(), Map.of(), Duration.ofSeconds(5), Duration.ofSeconds(5), 100,
                Duration.ZERO, Duration.ZERO, 0, Path.of("cache"), Path.of("crash"), SandboxPolicy.trusted(),
                Duration.ofSeconds(60), Duration.ofSeconds(60), false, 0, 1 << 20, false, 0L, scatterKnn, true, 0, 0, false, false, true,
                PoolConfig.SQLITE_DEFAULT_WAL_AUTOCHECKPOINT, false);
        slots.add(new WorkerHandle("test", 0, Role.WRITER, null));
        for (int i = 1; i <= readers; i++) {
            slots.add(new WorkerHandle("test", i, Role.READER, null));
        }
        dispatcher = new Dispatcher(config, slots, List.of("java"), new Quarantine(2, 3, 1_000_000_000L, 0),
                deadlines, completions, (w, g, r) -> sent.add(r), (w, generation, reason, cause) -> { });
        scatter = new Scatter(config, dispatcher, completions, (w, g, r) -> sent.add(r), cancelled::add);
        for (WorkerHandle w : slots) {
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

    private static PendingRequest query(String sql, Object... params) {
        return new PendingRequest(RequestKind.QUERY, sql, List.of(params), null, null, System.nanoTime());
    }

    private static Result rows(PendingRequest r, Object... rowsAndDistances) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < rowsAndDistances.length; i += 2) {
            rows.add(List.of(rowsAndDistances[i], rowsAndDistances[i + 1]));
        }
        return new Result(r.wireId, COLUMNS, rows, 0, 0, false, 0, List.of());
    }

    private WorkerHandle workerOf(PendingRequest r) {
        for (WorkerHandle w : slots) {
            if (w.inFlight == r) {
                return w;
            }
        }
        throw new AssertionError("not in flight: " + r.sql);
    }

    /** What {@code WorkerConnection.onResponse} does with an answer. */
    private void answer(PendingRequest r, Response response) {
        PendingRequest next;
        dispatcher.lock.lock();
        try {
            next = dispatcher.releaseLocked(workerOf(r), r, response);
        } finally {
            dispatcher.lock.unlock();
        }
        long now = System.nanoTime();
        if (response instanceof ErrorReply e) {
            completions.finish(r, null, r.toException("test", e, config, now));
        } else {
            completions.finish(r, r.toValue(response, now), null);
        }
        if (next != null) {
            sent.add(next);
        }
    }

    private List<PendingRequest> sentParts(int n) throws InterruptedException {
        List<PendingRequest> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            parts.add(sent.take());
        }
        assertThat(sent).isEmpty();
        return parts;
    }

    private static ErrorReply error(PendingRequest r, ErrorCode code) {
        return new ErrorReply(r.wireId, code, 1, code.name(), "", 0);
    }

    @Test
    void aKnnQueryGoesToEveryIdleReaderAsOnePartEachAndTheirRowsAreMerged() throws Exception {
        start(3, true, 100);
        PendingRequest r = query(KNN, new byte[4], 3L);
        assertThat(scatter.trySubmit(r)).isTrue();
        List<PendingRequest> parts = sentParts(3);
        for (int i = 0; i < 3; i++) {
            assertThat(parts.get(i).shard).isEqualTo(i);
            assertThat(parts.get(i).shards).isEqualTo(3);
            assertThat(parts.get(i).toMessage(1, config)).extracting("shard", "shards").containsExactly(i, 3);
        }
        assertThat(parts).extracting(p -> p.worker).doesNotHaveDuplicates();
        answer(parts.get(1), rows(parts.get(1), 5L, 0.5, 6L, 0.7));
        answer(parts.get(0), rows(parts.get(0), 1L, 0.5, 2L, 0.9));
        assertThat(r.future).isNotDone();
        answer(parts.get(2), rows(parts.get(2)));
        QueryResult result = (QueryResult) r.future.get();
        assertThat(result.rows()).extracting(row -> row.getLong(0)).containsExactly(1L, 5L, 6L);
        assertThat(result.worker()).isEqualTo("worker-1#0+worker-2#0+worker-3#0");
        assertThat(scatter.scattered.sum()).isEqualTo(1);
        assertThat(completions.completed.sum()).as("the parts are not requests of their own").isEqualTo(1);
    }

    @Test
    void aWriteAssignedWhileThePartsRanMakesTheQueryRunWhole() throws Exception {
        start(2, true, 100);
        PendingRequest r = query(KNN, new byte[4], 2L);
        assertThat(scatter.trySubmit(r)).isTrue();
        List<PendingRequest> parts = sentParts(2);
        PendingRequest write = new PendingRequest(RequestKind.EXECUTE, "insert into items values (?)", List.of(1L),
                null, null, System.nanoTime());
        dispatcher.dispatch(write, false);
        assertThat(sent.take()).isSameAs(write);
        answer(parts.get(0), rows(parts.get(0), 1L, 0.5));
        answer(write, new Result(write.wireId, List.of(), List.of(), 1, 1, false, 0, List.of()));
        answer(parts.get(1), rows(parts.get(1), 2L, 0.6));
        assertThat(sent.poll(5, java.util.concurrent.TimeUnit.SECONDS)).as("run again, whole").isSameAs(r);
        assertThat(r.shards).isZero();
        answer(r, rows(r, 2L, 0.6, 3L, 0.7));
        assertThat(((QueryResult) r.future.get()).rows()).extracting(row -> row.getLong(0)).containsExactly(2L, 3L);
        assertThat(scatter.fallbacks.sum()).isEqualTo(1);
        assertThat(scatter.scattered.sum()).isZero();
    }

    @Test
    void aDatabaseSwapWhileThePartsRanMakesTheQueryRunWhole() throws Exception {
        start(2, true, 100);
        PendingRequest r = query(KNN, new byte[4], 2L);
        assertThat(scatter.trySubmit(r)).isTrue();
        List<PendingRequest> parts = sentParts(2);
        answer(parts.get(0), rows(parts.get(0), 1L, 0.5));
        // The switch: a part retried after its old reader was lost would run on the new file.
        dispatcher.lock.lock();
        try {
            dispatcher.writes.databaseSwappedLocked();
        } finally {
            dispatcher.lock.unlock();
        }
        answer(parts.get(1), rows(parts.get(1), 2L, 0.6));
        assertThat(sent.poll(5, java.util.concurrent.TimeUnit.SECONDS)).as("run again, whole").isSameAs(r);
        answer(r, rows(r, 2L, 0.6, 3L, 0.7));
        assertThat(((QueryResult) r.future.get()).rows()).extracting(row -> row.getLong(0)).containsExactly(2L, 3L);
        assertThat(scatter.fallbacks.sum()).isEqualTo(1);
        assertThat(scatter.scattered.sum()).isZero();
    }

    @Test
    void noSplitWhileAWriteRuns() {
        start(2, true, 100);
        dispatcher.dispatch(new PendingRequest(RequestKind.EXECUTE, "delete from items", List.of(), null, null,
                System.nanoTime()), false);
        assertThat(scatter.trySubmit(query(KNN, new byte[4], 2L))).isFalse();
    }

    @Test
    void notShardableRunsTheQueryWholeOnceEveryPartAnsweredAndTheTextIsNotSplitAgainSoon() throws Exception {
        start(2, true, 100);
        PendingRequest r = query(KNN, new byte[4], 2L);
        assertThat(scatter.trySubmit(r)).isTrue();
        List<PendingRequest> parts = sentParts(2);
        answer(parts.get(1), error(parts.get(1), ErrorCode.NOT_SHARDABLE));
        assertThat(sent).as("waits for the other part").isEmpty();
        answer(parts.get(0), error(parts.get(0), ErrorCode.NOT_SHARDABLE));
        assertThat(sent.take()).isSameAs(r);
        answer(r, rows(r, 1L, 0.1));
        assertThat(((QueryResult) r.future.get()).size()).isEqualTo(1);
        assertThat(scatter.trySubmit(query(KNN, new byte[4], 2L))).isFalse();
        assertThat(scatter.trySubmit(query(KNN + " order by distance", new byte[4], 2L))).as("another text").isTrue();
    }

    @Test
    void aFailedPartFailsTheQueryWithItsExceptionAndCancelsTheOthers() throws Exception {
        start(2, true, 100);
        PendingRequest r = query(KNN, new byte[4], 2L);
        assertThat(scatter.trySubmit(r)).isTrue();
        List<PendingRequest> parts = sentParts(2);
        answer(parts.get(0), error(parts.get(0), ErrorCode.SQL_ERROR));
        Throwable t = catchThrowable(r.future::get);
        assertThat(t).isInstanceOf(ExecutionException.class).cause().isInstanceOf(QueryFailedException.class);
        assertThat(((QueryFailedException) t.getCause()).errorCode()).isEqualTo("SQL_ERROR");
        assertThat(cancelled).containsExactly(parts.get(1));
        assertThat(completions.failed.sum()).isEqualTo(1);
    }

    @Test
    void aPartPastItsDeadlineFailsTheQueryAsATimeoutCountedOnce() throws Exception {
        start(2, true, 100);
        PendingRequest r = query(KNN, new byte[4], 2L);
        assertThat(scatter.trySubmit(r)).isTrue();
        List<PendingRequest> parts = sentParts(2);
        answer(parts.get(1), error(parts.get(1), ErrorCode.TIMEOUT));
        assertThat(catchThrowable(r.future::get)).cause().isInstanceOf(QueryTimeoutException.class);
        assertThat(cancelled).containsExactly(parts.get(0));
        answer(parts.get(0), error(parts.get(0), ErrorCode.TIMEOUT)); // the cancelled part's late answer
        assertThat(completions.timeouts.sum()).isEqualTo(1);
        assertThat(completions.failed.sum()).isEqualTo(1);
    }

    @Test
    void cancellingTheQueryCancelsEveryPart() throws Exception {
        start(2, true, 100);
        PendingRequest r = query(KNN, new byte[4], 2L);
        assertThat(scatter.trySubmit(r)).isTrue();
        List<PendingRequest> parts = sentParts(2);
        r.future.cancel(true);
        assertThat(cancelled).containsExactlyInAnyOrderElementsOf(parts);
        assertThat(parts).allMatch(p -> p.future.isCancelled());
    }

    @Test
    void theMergedRowsAreCutAtMaxRowsAsAWholeQuerysWouldBe() throws Exception {
        start(2, true, 2); // the pool truncates instead of failing
        PendingRequest r = query(KNN, new byte[4], 4L);
        assertThat(scatter.trySubmit(r)).isTrue();
        List<PendingRequest> parts = sentParts(2);
        answer(parts.get(0), rows(parts.get(0), 1L, 0.1, 2L, 0.4));
        answer(parts.get(1), rows(parts.get(1), 3L, 0.2));
        QueryResult result = (QueryResult) r.future.get();
        assertThat(result.rows()).extracting(row -> row.getLong(0)).containsExactly(1L, 3L);
        assertThat(result.truncated()).isTrue();
    }

    @Test
    void whatIsNotSplit() {
        start(1, true, 100);
        assertThat(scatter.trySubmit(query(KNN, new byte[4], 2L))).as("one reader").isFalse();
        slots.clear();
        start(2, false, 100);
        assertThat(scatter.trySubmit(query(KNN, new byte[4], 2L))).as("scatterKnn(false)").isFalse();
        slots.clear();
        start(2, true, 100);
        assertThat(scatter.trySubmit(query("select 1"))).as("not the shape").isFalse();
        assertThat(scatter.trySubmit(query(KNN, new byte[4], 4097L))).as("k past vec0's limit").isFalse();
        assertThat(scatter.trySubmit(query(KNN, new byte[4], 0L))).as("k = 0").isFalse();
        assertThat(scatter.trySubmit(query(KNN, new byte[4], "3"))).as("k not an integer").isFalse();
        Lease stream = new Lease(Lease.Kind.CURSOR, Role.READER, "test", Duration.ofSeconds(60), KNN);
        assertThat(scatter.trySubmit(new PendingRequest(RequestKind.OPEN_CURSOR, stream, KNN,
                List.of(new byte[4], 2L), null, null, System.nanoTime()))).as("a stream").isFalse();
        PendingRequest pinned = query(KNN, new byte[4], 2L);
        pinned.pinnedTo = slots.get(1);
        assertThat(scatter.trySubmit(pinned)).as("a suspect confined to its slot").isFalse();
        assertThat(scatter.trySubmit(query(KNN, new byte[4], 2L))).as("but this is").isTrue();
        assertThat(scatter.trySubmit(query(KNN, new byte[4], 2L))).as("no idle reader left").isFalse();
    }
}
