package io.vecbox.supervisor.internal;

import static io.vecbox.supervisor.internal.WorkerState.BACKOFF;
import static io.vecbox.supervisor.internal.WorkerState.BUSY;
import static io.vecbox.supervisor.internal.WorkerState.EXITED;
import static io.vecbox.supervisor.internal.WorkerState.FAILED;
import static io.vecbox.supervisor.internal.WorkerState.IDLE;
import static io.vecbox.supervisor.internal.WorkerState.LEASED;
import static io.vecbox.supervisor.internal.WorkerState.STANDBY;
import static io.vecbox.supervisor.internal.WorkerState.STARTING;
import static io.vecbox.supervisor.internal.WorkerState.STOPPING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vecbox.protocol.Role;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkerStateTest {
    /** Transcribed from WorkerState's Javadoc, independently of its implementation. */
    private static final Map<WorkerState, Set<WorkerState>> LEGAL = Map.of(
            STARTING, EnumSet.of(IDLE, STANDBY, STOPPING, EXITED),
            STANDBY, EnumSet.of(IDLE, STOPPING, EXITED),
            IDLE, EnumSet.of(BUSY, STOPPING, EXITED),
            BUSY, EnumSet.of(IDLE, LEASED, STOPPING, EXITED),
            LEASED, EnumSet.of(BUSY, STOPPING, EXITED),
            STOPPING, EnumSet.of(EXITED),
            EXITED, EnumSet.of(BACKOFF, FAILED),
            BACKOFF, EnumSet.of(STARTING, EXITED),
            FAILED, EnumSet.of(STARTING, EXITED));

    static Stream<Arguments> everyPair() {
        return Stream.of(WorkerState.values())
                .flatMap(from -> Stream.of(WorkerState.values()).map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void transitionIsLegalExactlyWhenTheJavadocSaysSo(WorkerState from, WorkerState to) {
        assertThat(from.canMoveTo(to)).as("%s -> %s", from, to).isEqualTo(LEGAL.get(from).contains(to));
    }

    @Test
    void tableCoversEveryState() {
        assertThat(LEGAL.keySet()).containsExactlyInAnyOrder(WorkerState.values());
    }

    @Test
    void noStateMayMoveToItself() {
        for (WorkerState s : WorkerState.values()) {
            assertThat(s.canMoveTo(s)).as("%s -> %s", s, s).isFalse();
        }
    }

    @Test
    void everyStateCanEventuallyReachExited() {
        for (WorkerState s : WorkerState.values()) {
            if (s != EXITED) {
                assertThat(reachable(s)).as("from %s", s).contains(EXITED);
            }
        }
        assertThat(reachable(EXITED)).as("a slot can always be restarted").contains(STARTING, IDLE);
    }

    private static Set<WorkerState> reachable(WorkerState from) {
        Set<WorkerState> seen = EnumSet.noneOf(WorkerState.class);
        Set<WorkerState> frontier = EnumSet.of(from);
        while (!frontier.isEmpty()) {
            Set<WorkerState> next = EnumSet.noneOf(WorkerState.class);
            for (WorkerState s : frontier) {
                for (WorkerState t : WorkerState.values()) {
                    if (s.canMoveTo(t) && seen.add(t)) {
                        next.add(t);
                    }
                }
            }
            frontier = next;
        }
        return seen;
    }

    @Test
    void hasProcessOnlyWhileAProcessIsLive() {
        assertThat(EnumSet.allOf(WorkerState.class).stream().filter(WorkerState::hasProcess))
                .containsExactlyInAnyOrder(STARTING, IDLE, BUSY, LEASED, STANDBY, STOPPING);
    }

    /**
     * Walks every transition through the one method that makes them, {@link WorkerHandle#moveTo}:
     * a slot is brought to {@code from} along legal moves of the table, then asked to move to
     * {@code to}. A legal move is taken and recorded as the last reason; an illegal one throws,
     * names both states, and leaves the slot where it was.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void slotTakesEveryLegalMoveAndRejectsEveryIllegalOne(WorkerState from, WorkerState to) {
        WorkerHandle w = slotIn(from);
        if (LEGAL.get(from).contains(to)) {
            w.moveTo(to, "walk");
            assertThat(w.state()).isEqualTo(to);
            assertThat(w.lastReason).isEqualTo("walk");
        } else {
            assertThatThrownBy(() -> w.moveTo(to, "walk"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("illegal transition " + from + " -> " + to);
            assertThat(w.state()).isEqualTo(from);
        }
    }

    /** @return a fresh slot (it starts in BACKOFF, not yet launched) moved to {@code target} by legal moves */
    private static WorkerHandle slotIn(WorkerState target) {
        WorkerHandle w = new WorkerHandle("pool", 1, Role.READER, null);
        assertThat(w.state()).isEqualTo(BACKOFF);
        for (WorkerState step : path(BACKOFF, target)) {
            w.moveTo(step, "setup");
        }
        assertThat(w.state()).isEqualTo(target);
        return w;
    }

    /** @return the shortest sequence of legal moves (by the table) from one state to another */
    private static List<WorkerState> path(WorkerState from, WorkerState to) {
        Map<WorkerState, WorkerState> parent = new EnumMap<>(WorkerState.class);
        ArrayDeque<WorkerState> queue = new ArrayDeque<>(List.of(from));
        while (!queue.isEmpty() && !parent.containsKey(to) && from != to) {
            WorkerState s = queue.poll();
            for (WorkerState t : LEGAL.get(s)) {
                if (t != from && parent.putIfAbsent(t, s) == null) {
                    queue.add(t);
                }
            }
        }
        List<WorkerState> steps = new ArrayList<>();
        for (WorkerState s = to; s != from; s = parent.get(s)) {
            steps.add(0, s);
        }
        return steps;
    }
}
