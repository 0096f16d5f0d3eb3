package io.vecbox.supervisor.internal;

import static io.vecbox.supervisor.internal.WorkerState.BACKOFF;
import static io.vecbox.supervisor.internal.WorkerState.BUSY;
import static io.vecbox.supervisor.internal.WorkerState.EXITED;
import static io.vecbox.supervisor.internal.WorkerState.FAILED;
import static io.vecbox.supervisor.internal.WorkerState.IDLE;
import static io.vecbox.supervisor.internal.WorkerState.STARTING;
import static io.vecbox.supervisor.internal.WorkerState.STOPPING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
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
            STARTING, EnumSet.of(IDLE, STOPPING, EXITED),
            IDLE, EnumSet.of(BUSY, STOPPING, EXITED),
            BUSY, EnumSet.of(IDLE, STOPPING, EXITED),
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
                .containsExactlyInAnyOrder(STARTING, IDLE, BUSY, STOPPING);
    }
}
