package io.vecbox.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vecbox.supervisor.WorkerLoss;
import io.vecbox.supervisor.WorkerPoolListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pool's listeners: the builder's first, added ones after it, each isolated from the others' failures. */
class CompletionsListenersTest {
    private final List<String> heard = new ArrayList<>();

    private WorkerPoolListener recording(String who) {
        return new WorkerPoolListener() {
            @Override
            public void poolClosed(String pool) {
                heard.add(who + " closed " + pool);
            }
        };
    }

    @Test
    void builderListenerHearsFirstThenAddedOnesInOrder() {
        Completions c = new Completions("p", recording("builder"));
        c.addListener(recording("metrics"));
        c.addListener(recording("alerts"));
        c.notifyListener("poolClosed", l -> l.poolClosed("p"));
        assertThat(heard).containsExactly("builder closed p", "metrics closed p", "alerts closed p");
    }

    @Test
    void aFailingListenerDoesNotKeepTheNextFromTheEvent() {
        Completions c = new Completions("p", new WorkerPoolListener() {
            @Override
            public void poolClosed(String pool) {
                throw new IllegalStateException("host's listener is broken");
            }
        });
        c.addListener(recording("metrics"));
        c.notifyListener("poolClosed", l -> l.poolClosed("p"));
        assertThat(heard).containsExactly("metrics closed p");
    }

    @Test
    void removedListenerHearsNothingMore() {
        Completions c = new Completions("p", null);
        WorkerPoolListener metrics = recording("metrics");
        c.addListener(metrics);
        c.addListener(recording("other"));
        assertThat(c.removeListener(metrics)).isTrue();
        assertThat(c.removeListener(metrics)).as("already gone").isFalse();
        c.notifyListener("poolClosed", l -> l.poolClosed("p"));
        assertThat(heard).containsExactly("other closed p");
    }

    @Test
    void listenerWrittenForTheOldWorkerLostStillHearsTheStructuredOne() {
        Completions c = new Completions("p", new WorkerPoolListener() {
            @Override
            public void workerLost(String pool, String worker, long pid, String reason) {
                heard.add(pool + " " + worker + " " + pid + " " + reason);
            }
        });
        WorkerLoss loss = new WorkerLoss("worker-1#2", "reader", 42, WorkerLoss.Cause.CRASH, 137, "SIGKILL", false,
                "died by itself; exit 137, signal SIGKILL");
        c.notifyListener("workerLost", l -> l.workerLost("p", loss));
        assertThat(heard).containsExactly("p worker-1#2 42 died by itself; exit 137, signal SIGKILL");
    }
}
