package io.vecbox.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuarantineTest {
    private static final long S = 1_000_000_000L;
    private static final String KEY = Quarantine.key("SELECT crash()", List.of());

    /** threshold 2, window 60 s, quarantine 600 s */
    private final Quarantine q = new Quarantine(2, 60 * S, 600 * S);

    @Test
    void keyCollapsesAndTrimsWhitespace() {
        String a = Quarantine.key("  SELECT *\n\tFROM   t  WHERE id = ?\n", List.of("integer"));
        String b = Quarantine.key("SELECT * FROM t WHERE id = ?", List.of("integer"));
        assertThat(a).isEqualTo(b);
        assertThat(a).doesNotContain("\n", "\t", "  ").startsWith("SELECT * FROM t");
    }

    @Test
    void keyDependsOnParameterTypes() {
        String ints = Quarantine.key("SELECT ?", List.of("integer"));
        String text = Quarantine.key("SELECT ?", List.of("text"));
        String none = Quarantine.key("SELECT ?", List.of());
        assertThat(ints).isNotEqualTo(text).isNotEqualTo(none);
        assertThat(text).isNotEqualTo(none);
    }

    @Test
    void keyIsCaseSensitive() {
        assertThat(Quarantine.key("select 1", List.of())).isNotEqualTo(Quarantine.key("SELECT 1", List.of()));
    }

    @Test
    void oneCrashDoesNotQuarantine() {
        assertThat(q.recordCrash(KEY, 0)).isEqualTo(1);
        assertThat(q.remainingNanos(KEY, 1)).isZero();
        assertThat(q.size(1)).isZero();
    }

    @Test
    void twoCrashesWithinTheWindowQuarantine() {
        q.recordCrash(KEY, 0);
        assertThat(q.recordCrash(KEY, 10 * S)).isEqualTo(2);
        assertThat(q.remainingNanos(KEY, 10 * S)).isEqualTo(600 * S);
        assertThat(q.size(10 * S)).isEqualTo(1);
    }

    @Test
    void unknownKeyMayRun() {
        q.recordCrash(KEY, 0);
        q.recordCrash(KEY, 1);
        assertThat(q.remainingNanos(Quarantine.key("SELECT 2", List.of()), 2)).isZero();
    }

    @Test
    void crashesOutsideTheWindowDoNotAddUp() {
        q.recordCrash(KEY, 0);
        assertThat(q.recordCrash(KEY, 61 * S)).isEqualTo(1);
        assertThat(q.remainingNanos(KEY, 61 * S)).isZero();
        assertThat(q.recordCrash(KEY, 122 * S)).isEqualTo(1);
        assertThat(q.size(122 * S)).isZero();
    }

    @Test
    void crashExactlyAtTheWindowEdgeStillCounts() {
        q.recordCrash(KEY, 0);
        assertThat(q.recordCrash(KEY, 60 * S)).isEqualTo(2);
        assertThat(q.remainingNanos(KEY, 60 * S)).isPositive();
    }

    @Test
    void remainingCountsDownAndQuarantineExpires() {
        q.recordCrash(KEY, 0);
        q.recordCrash(KEY, 1 * S); // quarantined until 601 s
        assertThat(q.remainingNanos(KEY, 1 * S)).isEqualTo(600 * S);
        assertThat(q.remainingNanos(KEY, 301 * S)).isEqualTo(300 * S);
        assertThat(q.remainingNanos(KEY, 601 * S - 1)).isEqualTo(1);
        assertThat(q.size(601 * S - 1)).isEqualTo(1);
        assertThat(q.remainingNanos(KEY, 601 * S)).isZero();
        assertThat(q.size(601 * S)).isZero();
    }

    @Test
    void afterExpiryOneMoreCrashDoesNotRequarantine() {
        q.recordCrash(KEY, 0);
        q.recordCrash(KEY, 1 * S);
        assertThat(q.remainingNanos(KEY, 700 * S)).isZero(); // expired: the count is forgotten
        assertThat(q.recordCrash(KEY, 701 * S)).isEqualTo(1);
        assertThat(q.remainingNanos(KEY, 701 * S)).isZero();
        assertThat(q.recordCrash(KEY, 702 * S)).isEqualTo(2);
        assertThat(q.remainingNanos(KEY, 702 * S)).isEqualTo(600 * S);
    }

    @Test
    void aFurtherCrashWhileQuarantinedExtendsIt() {
        q.recordCrash(KEY, 0);
        q.recordCrash(KEY, 1 * S);
        q.recordCrash(KEY, 50 * S);
        assertThat(q.remainingNanos(KEY, 50 * S)).isEqualTo(600 * S);
    }

    @Test
    void sizeCountsEachQuarantinedStatement() {
        String other = Quarantine.key("SELECT boom()", List.of("blob"));
        String once = Quarantine.key("SELECT maybe()", List.of());
        q.recordCrash(KEY, 0);
        q.recordCrash(KEY, 1);
        q.recordCrash(other, 10 * S);
        q.recordCrash(other, 11 * S);
        q.recordCrash(once, 0);
        assertThat(q.size(11 * S)).isEqualTo(2);
        assertThat(q.size(601 * S)).isEqualTo(1); // KEY expired just after 600 s, other runs to 611 s
        assertThat(q.size(611 * S)).isZero();
    }

    @Test
    void cleanupForgetsStaleEntriesAndKeepsLiveOnes() {
        String stale = Quarantine.key("SELECT old()", List.of());
        String recent = Quarantine.key("SELECT recent()", List.of());
        q.recordCrash(stale, 0);
        q.recordCrash(KEY, 0);
        q.recordCrash(KEY, 1);
        q.recordCrash(recent, 100 * S);

        assertThat(tracked(q)).isEqualTo(3);
        q.cleanup(100 * S);
        assertThat(tracked(q)).as("stale entry forgotten, quarantined and recent kept").isEqualTo(2);

        // stale's single crash fell out of the window: a new crash counts as the first again
        assertThat(q.recordCrash(stale, 100 * S)).isEqualTo(1);
        // the quarantine survived the cleanup
        assertThat(q.remainingNanos(KEY, 100 * S)).isPositive();
        // recent's crash is still in the window
        assertThat(q.recordCrash(recent, 101 * S)).isEqualTo(2);
        assertThat(q.size(101 * S)).isEqualTo(2);
    }

    @Test
    void cleanupForgetsExpiredQuarantines() {
        q.recordCrash(KEY, 0);
        q.recordCrash(KEY, 1);
        q.cleanup(1000 * S);
        assertThat(tracked(q)).isZero();
        assertThat(q.size(1000 * S)).isZero();
        assertThat(q.remainingNanos(KEY, 1000 * S)).isZero();
        assertThat(q.recordCrash(KEY, 1000 * S)).isEqualTo(1);
    }

    @Test
    void cleanupOfAnEmptyQuarantineIsHarmless() {
        q.cleanup(0);
        assertThat(tracked(q)).isZero();
        assertThat(q.size(0)).isZero();
    }

    /** Entries held; cleanup's only observable effect is memory, so peek at the map. */
    private static int tracked(Quarantine q) {
        try {
            Field f = Quarantine.class.getDeclaredField("entries");
            f.setAccessible(true);
            synchronized (q) {
                return ((Map<?, ?>) f.get(q)).size();
            }
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void thresholdOneQuarantinesOnFirstCrash() {
        Quarantine strict = new Quarantine(1, 60 * S, 5 * S);
        strict.recordCrash(KEY, 0);
        assertThat(strict.remainingNanos(KEY, 0)).isEqualTo(5 * S);
    }
}
