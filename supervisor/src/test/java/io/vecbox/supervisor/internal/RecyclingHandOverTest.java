package io.vecbox.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vecbox.protocol.Role;
import io.vecbox.supervisor.PoolConfig;
import io.vecbox.supervisor.RestartPolicy;
import io.vecbox.supervisor.SandboxPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * When a ready replacement takes over a slot ({@link Recycling#switchLocked}), on slots moved by
 * hand through a real {@link Dispatcher}, without processes: only a free worker is replaced, and
 * the request that follows goes to the new generation.
 */
@Timeout(20)
class RecyclingHandOverTest {
    /** What a request was sent to: the slot's generation the dispatcher handed out with it. */
    private record Sent(PendingRequest request, WorkerHandle.Generation generation) {
    }

    private final LinkedBlockingQueue<Sent> sent = new LinkedBlockingQueue<>();
    private final Deadlines deadlines = new Deadlines("test");
    private final Completions completions = new Completions("test", null);
    private final List<Recycling.HandOver> handOvers = new ArrayList<>();
    private WorkerHandle writer;
    private WorkerHandle reader;
    private Dispatcher dispatcher;

    private static WorkerHandle.Generation generation(int number) {
        return new WorkerHandle.Generation(number, null, null, null, null, null, null, 0, null);
    }

    @BeforeEach
    void start() {
        PoolConfig config = new PoolConfig("test", Path.of("unused.db"), 1, Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofSeconds(1), 100, 1 << 20, false, RestartPolicy.ofDefaults(),
                Duration.ZERO, List.of(), List.of(), Map.of(), Duration.ofSeconds(5), Duration.ofSeconds(10), 100,
                Duration.ZERO, Duration.ZERO, 0, Path.of("cache"), Path.of("crash"), SandboxPolicy.trusted(),
                Duration.ofSeconds(60), Duration.ofSeconds(60));
        writer = new WorkerHandle("test", 0, Role.WRITER, null);
        reader = new WorkerHandle("test", 1, Role.READER, null);
        dispatcher = new Dispatcher(config, List.of(writer, reader), List.of("java"),
                new Quarantine(2, 3, 1_000_000_000L, 0), deadlines, completions, (w, g, r) -> sent.add(new Sent(r, g)),
                (w, generation, reason, cause) -> { });
        dispatcher.recycling = new Dispatcher.Recycler() {
            @Override
            public void answeredLocked(WorkerHandle w) {
            }

            @Override
            public void handOverLocked(WorkerHandle w) {
                Recycling.HandOver h = Recycling.switchLocked(w);
                if (h != null) {
                    handOvers.add(h);
                }
            }
        };
        locked(() -> {
            for (WorkerHandle w : List.of(writer, reader)) {
                w.generationNumber = w.nextGenerationNumber();
                w.generation = generation(w.generationNumber);
                w.moveTo(WorkerState.STARTING, "test");
                w.moveTo(WorkerState.IDLE, "test");
                dispatcher.addIdleLocked(w);
            }
        });
    }

    @AfterEach
    void stopTimer() {
        deadlines.shutdown();
    }

    private void locked(Runnable r) {
        dispatcher.lock.lock();
        try {
            r.run();
        } finally {
            dispatcher.lock.unlock();
        }
    }

    private Recycling.HandOver switchNow(WorkerHandle w) {
        dispatcher.lock.lock();
        try {
            return Recycling.switchLocked(w);
        } finally {
            dispatcher.lock.unlock();
        }
    }

    /** What {@code Recycling.launchReplacement} and {@code replacementReady} leave on the slot. */
    private WorkerHandle.Generation replacementReady(WorkerHandle w, String reason) {
        WorkerHandle.Generation[] g = new WorkerHandle.Generation[1];
        locked(() -> {
            w.recycleReason = reason;
            g[0] = generation(w.nextGenerationNumber());
            w.successor = g[0];
            w.successorReady = true;
        });
        return g[0];
    }

    private static PendingRequest query(String sql) {
        return new PendingRequest(RequestKind.QUERY, sql, List.of(), null, null, System.nanoTime());
    }

    private static PendingRequest write(String sql) {
        return new PendingRequest(RequestKind.EXECUTE, sql, List.of(), null, null, System.nanoTime());
    }

    @Test
    void aReadyReplacementTakesOverAnIdleWorkerAtOnceAndTheSlotStaysIdle() {
        WorkerHandle.Generation old = reader.generation;
        WorkerHandle.Generation next = replacementReady(reader, "recycled on request");
        Recycling.HandOver h = switchNow(reader);
        assertThat(h).isNotNull();
        assertThat(h.old()).isSameAs(old);
        assertThat(h.oldName()).isEqualTo("worker-1#1");
        assertThat(h.reason()).isEqualTo("recycled on request");
        assertThat(reader.generation).isSameAs(next);
        assertThat(reader.name()).isEqualTo("worker-1#2");
        assertThat(reader.state()).isEqualTo(WorkerState.IDLE);
        assertThat(reader.successor).isNull();
        assertThat(reader.recycleReason).as("free to be recycled again").isNull();

        dispatcher.dispatch(query("select 1"), false);
        assertThat(sent.poll().generation()).as("the next query goes to the new worker").isSameAs(next);
    }

    @Test
    void aBusyWorkerFinishesItsRequestAndTheNextOneGoesToTheReplacement() {
        PendingRequest first = write("insert 1");
        dispatcher.dispatch(first, false);
        WorkerHandle.Generation old = writer.generation;
        assertThat(sent.poll().generation()).isSameAs(old);
        WorkerHandle.Generation next = replacementReady(writer, "recycled after 41 requests");
        assertThat(switchNow(writer)).as("a request in flight: no switch").isNull();

        PendingRequest second = write("insert 2");
        dispatcher.dispatch(second, false);
        assertThat(sent).as("the second write waits for the writer").isEmpty();
        assertThat(writer.generation).isSameAs(old);

        PendingRequest[] taken = new PendingRequest[1];
        WorkerHandle.Generation[] sendTo = new WorkerHandle.Generation[1];
        locked(() -> {
            taken[0] = dispatcher.releaseLocked(writer, first, null);
            sendTo[0] = writer.generation;
        });
        assertThat(handOvers).hasSize(1);
        assertThat(handOvers.get(0).old()).isSameAs(old);
        assertThat(taken[0]).as("the released slot takes the waiting write").isSameAs(second);
        assertThat(sendTo[0]).as("and sends it to the new writer, never the old one").isSameAs(next);
        assertThat(second.worker).isEqualTo("worker-0#2");
        assertThat(writer.state()).isEqualTo(WorkerState.BUSY);
    }

    @Test
    void aLeasedWorkerIsNotReplacedUntilItsLeaseEnds() {
        locked(() -> {
            reader.lease = new Lease(Lease.Kind.CURSOR, Role.READER, "test", Duration.ofSeconds(60), "select 1");
            dispatcher.removeIdleLocked(reader);
            reader.moveTo(WorkerState.BUSY, "test");
            reader.moveTo(WorkerState.LEASED, "test");
        });
        replacementReady(reader, "recycled on request");
        assertThat(switchNow(reader)).as("leased").isNull();
        locked(() -> reader.lease = null);
        locked(() -> reader.moveTo(WorkerState.BUSY, "closeCursor"));
        assertThat(switchNow(reader)).as("lease over, nothing in flight").isNotNull();
        assertThat(reader.name()).isEqualTo("worker-1#2");
    }

    @Test
    void aReplacementStillStartingTakesNothingOver() {
        replacementReady(reader, "recycled on request");
        locked(() -> reader.successorReady = false);
        assertThat(switchNow(reader)).isNull();
        assertThat(reader.name()).isEqualTo("worker-1#1");
    }

    @Test
    void aStandbyIsReplacedAsAStandby() {
        WorkerHandle standby = new WorkerHandle("test", 2, Role.WRITER, null);
        standby.standby = true;
        standby.generationNumber = standby.nextGenerationNumber();
        standby.generation = generation(1);
        standby.moveTo(WorkerState.STARTING, "test");
        standby.moveTo(WorkerState.STANDBY, "ready");
        replacementReady(standby, "recycled: resident memory 70 MB above 64 MB (maxWorkerRss)");
        assertThat(switchNow(standby)).isNotNull();
        assertThat(standby.state()).isEqualTo(WorkerState.STANDBY);
        assertThat(standby.name()).isEqualTo("worker-2#2");
    }

    @Test
    void generationNumbersAreNeverReusedEvenWhenAReplacementIsDropped() {
        WorkerHandle.Generation dropped = replacementReady(reader, "recycled on request");
        assertThat(dropped.number()).isEqualTo(2);
        locked(() -> assertThat(Recycling.abandonLocked(reader)).isSameAs(dropped));
        locked(() -> assertThat(reader.nextGenerationNumber()).as("the next start after the dropped #2")
                .isEqualTo(3));
    }

    @Test
    void aSwapReplacementIsHeldUntilTheSwitchEvenOnAnIdleWorkerAndNotCountedAsARecycle() {
        WorkerHandle.Generation old = reader.generation;
        DatabaseFile next = new DatabaseFile(Path.of("/replica/b.db"), 1);
        WorkerHandle.Generation replacement = replacementReady(reader, "drained for the swap");
        locked(() -> {
            reader.swapTo = next;
            reader.swapHeld = true;
        });
        assertThat(switchNow(reader)).as("ready and idle, but the swap has not switched").isNull();
        dispatcher.dispatch(query("select 1"), false);
        Sent first = sent.poll();
        assertThat(first.generation()).as("queries before the switch stay on the old file").isSameAs(old);
        locked(() -> dispatcher.releaseLocked(reader, first.request(), null));
        assertThat(handOvers).as("a release does not hand over a held replacement").isEmpty();

        locked(() -> reader.swapHeld = false); // the switch
        Recycling.HandOver h = switchNow(reader);
        assertThat(h).isNotNull();
        assertThat(h.swap()).isTrue();
        assertThat(h.old()).isSameAs(old);
        assertThat(reader.generation).isSameAs(replacement);
        assertThat(reader.swapTo).as("the slot is free for the next swap").isNull();
        dispatcher.dispatch(query("select 2"), false);
        assertThat(sent.poll().generation()).isSameAs(replacement);
    }

    @Test
    void droppingASwapReplacementClearsTheSwap() {
        replacementReady(reader, "drained for the swap");
        locked(() -> {
            reader.swapTo = new DatabaseFile(Path.of("/replica/b.db"), 1);
            reader.swapHeld = true;
            assertThat(Recycling.abandonLocked(reader)).isNotNull();
            assertThat(reader.swapTo).isNull();
            assertThat(reader.swapHeld).isFalse();
            assertThat(reader.recycleReason).isNull();
        });
    }

    @Test
    void aReaderOfASwappedOutFileTakesNothingMoreOnceReleasedAndNeverGoesBackToTheIdleList() {
        DatabaseFile a = new DatabaseFile(Path.of("/replica/a.db"), 0);
        DatabaseFile b = new DatabaseFile(Path.of("/replica/a.db"), 1); // renamed over a: another file
        locked(() -> reader.generation = new WorkerHandle.Generation(1, null, null, null, null, null, null, 0, a));
        PendingRequest first = query("select 1");
        dispatcher.dispatch(first, false);
        assertThat(sent.poll().request()).isSameAs(first);
        locked(() -> dispatcher.database = b); // the switch; this reader's replacement was lost meanwhile
        PendingRequest second = query("select 2");
        dispatcher.dispatch(second, false);
        PendingRequest[] next = new PendingRequest[1];
        locked(() -> next[0] = dispatcher.releaseLocked(reader, first, null));
        assertThat(next[0]).as("the queued query is not given to the old file's reader").isNull();
        assertThat(sent).isEmpty();
        locked(() -> {
            assertThat(reader.state()).isEqualTo(WorkerState.IDLE);
            assertThat(dispatcher.pollIdleLocked(Role.READER)).as("not on the idle list").isNull();
        });
    }
}
