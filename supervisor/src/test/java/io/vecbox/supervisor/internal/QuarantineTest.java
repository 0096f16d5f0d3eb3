package io.vecbox.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuarantineTest {
    private static final long S = 1_000_000_000L;
    private static final StatementFingerprint CRASH = fp("SELECT crash()");

    /** values after 2 crashes, shape after 3, window 60 s, quarantine 600 s */
    private final Quarantine q = new Quarantine(2, 3, 60 * S, 600 * S);

    private static StatementFingerprint fp(String sql, Object... params) {
        return StatementFingerprint.of(sql, List.of(params));
    }

    private long remaining(StatementFingerprint s, long now) {
        Quarantine.Refusal r = q.check(s, now);
        return r == null ? 0 : r.remainingNanos();
    }

    @Test
    void nothingCrashedNothingRefused() {
        assertThat(q.check(CRASH, 0)).isNull();
        assertThat(q.size(0)).isZero();
    }

    @Test
    void oneCrashDoesNotQuarantine() {
        assertThat(q.recordCrash(CRASH, 1, 0)).isNull();
        assertThat(q.check(CRASH, 1)).isNull();
        assertThat(q.size(1)).isZero();
    }

    @Test
    void twoCrashesWithTheSameValuesQuarantineThem() {
        q.recordCrash(CRASH, 1, 0);
        Quarantine.Refusal r = q.recordCrash(CRASH, 1, 10 * S);
        assertThat(r).isNotNull();
        assertThat(r.remainingNanos()).isEqualTo(600 * S);
        assertThat(r.reason()).isEqualTo("it crashed 2 workers");
        assertThat(remaining(CRASH, 10 * S)).isEqualTo(600 * S);
        assertThat(q.size(10 * S)).isEqualTo(1);
    }

    @Test
    void variantsInCommentsSpacingAndCaseAreTheSameStatement() {
        q.recordCrash(fp("select rowid from t where rowid = 1"), 1, 0);
        q.recordCrash(fp("/* again */ SELECT rowid\n FROM t WHERE rowid=1"), 1, 1);
        assertThat(q.check(fp("select ROWID from T where rowid = 1 -- x"), 2)).isNotNull();
    }

    @Test
    void oneBadParameterValueDoesNotQuarantineTheStatementForEveryone() {
        StatementFingerprint bad = fp("select * from items where embedding match ?", new byte[] {1, 2, 3});
        StatementFingerprint good = fp("select * from items where embedding match ?", new byte[] {4, 5, 6, 7});
        q.recordCrash(bad, 1, 0);
        assertThat(q.recordCrash(bad, 1, 1)).isNotNull();
        assertThat(q.check(bad, 2)).as("the bad value").isNotNull();
        assertThat(q.check(good, 2)).as("everyone else").isNull();
    }

    @Test
    void aThirdCrashOfTheShapeWithOtherValuesQuarantinesTheShape() {
        q.recordCrash(fp("select rowid from t where rowid = 1"), 1, 0);
        q.recordCrash(fp("select rowid from t where rowid = 1"), 1, 1);
        assertThat(q.check(fp("select rowid from t where rowid = 2"), 2)).as("other values may still run").isNull();
        Quarantine.Refusal r = q.recordCrash(fp("select rowid from t where rowid = 2"), 1, 3);
        assertThat(r).isNotNull();
        assertThat(r.reason()).isEqualTo("statements of its shape (literals and parameters aside) crashed 3 workers");
        assertThat(q.check(fp("SELECT rowid FROM t WHERE rowid = 17"), 4)).isNotNull();
        assertThat(q.check(fp("select rowid from t where rowid = ?", 99L), 4)).as("a parameter is a value too")
                .isNotNull();
        assertThat(q.check(fp("select rowid from t where rowid > 1"), 4)).as("another shape").isNull();
        assertThat(q.size(4)).as("the shape and the first values").isEqualTo(2);
    }

    @Test
    void threeDifferentValuesCrashingOnceEachQuarantineTheShape() {
        assertThat(q.recordCrash(fp("select f(?)", 1L), 1, 0)).isNull();
        assertThat(q.recordCrash(fp("select f(?)", 2L), 1, 1)).isNull();
        assertThat(q.recordCrash(fp("select f(?)", 3L), 1, 2)).isNotNull();
        assertThat(q.check(fp("select f(?)", 4L), 3)).isNotNull();
    }

    @Test
    void crashesOutsideTheWindowDoNotAddUp() {
        q.recordCrash(CRASH, 1, 0);
        assertThat(q.recordCrash(CRASH, 1, 61 * S)).isNull();
        assertThat(q.check(CRASH, 61 * S)).isNull();
        assertThat(q.recordCrash(CRASH, 1, 122 * S)).isNull();
        assertThat(q.size(122 * S)).isZero();
    }

    @Test
    void crashExactlyAtTheWindowEdgeStillCounts() {
        q.recordCrash(CRASH, 1, 0);
        assertThat(q.recordCrash(CRASH, 1, 60 * S)).isNotNull();
        assertThat(remaining(CRASH, 60 * S)).isPositive();
    }

    @Test
    void remainingCountsDownAndQuarantineExpires() {
        q.recordCrash(CRASH, 1, 0);
        q.recordCrash(CRASH, 1, 1 * S); // quarantined until 601 s
        assertThat(remaining(CRASH, 1 * S)).isEqualTo(600 * S);
        assertThat(remaining(CRASH, 301 * S)).isEqualTo(300 * S);
        assertThat(remaining(CRASH, 601 * S - 1)).isEqualTo(1);
        assertThat(q.size(601 * S - 1)).isEqualTo(1);
        assertThat(remaining(CRASH, 601 * S)).isZero();
        assertThat(q.size(601 * S)).isZero();
    }

    @Test
    void afterExpiryOneMoreCrashDoesNotRequarantine() {
        q.recordCrash(CRASH, 1, 0);
        q.recordCrash(CRASH, 1, 1 * S);
        assertThat(remaining(CRASH, 700 * S)).isZero(); // expired: the count is forgotten
        assertThat(q.recordCrash(CRASH, 1, 701 * S)).isNull();
        assertThat(q.recordCrash(CRASH, 1, 702 * S)).isNotNull();
        assertThat(remaining(CRASH, 702 * S)).isEqualTo(600 * S);
    }

    @Test
    void aQuarantineThatRanOutUncheckedIsForgottenBeforeTheNextCrash() {
        q.recordCrash(CRASH, 1, 0);
        q.recordCrash(CRASH, 1, 1 * S);
        assertThat(q.recordCrash(CRASH, 1, 700 * S)).as("no check in between").isNull();
    }

    @Test
    void aFurtherCrashWhileQuarantinedExtendsIt() {
        q.recordCrash(CRASH, 1, 0);
        q.recordCrash(CRASH, 1, 1 * S);
        q.recordCrash(CRASH, 1, 50 * S);
        assertThat(remaining(CRASH, 50 * S)).isEqualTo(600 * S);
    }

    @Test
    void sizeCountsEachQuarantinedStatement() {
        StatementFingerprint other = fp("SELECT boom()");
        StatementFingerprint once = fp("SELECT maybe()");
        q.recordCrash(CRASH, 1, 0);
        q.recordCrash(CRASH, 1, 1);
        q.recordCrash(other, 1, 10 * S);
        q.recordCrash(other, 1, 11 * S);
        q.recordCrash(once, 1, 0);
        assertThat(q.size(11 * S)).isEqualTo(2);
        assertThat(q.size(601 * S)).isEqualTo(1); // CRASH expired just after 600 s, other runs to 611 s
        assertThat(q.size(611 * S)).isZero();
    }

    @Test
    void cleanupForgetsStaleEntriesAndKeepsLiveOnes() {
        StatementFingerprint stale = fp("SELECT old()");
        StatementFingerprint recent = fp("SELECT recent()");
        q.recordCrash(stale, 1, 0);
        q.recordCrash(CRASH, 1, 0);
        q.recordCrash(CRASH, 1, 1);
        q.recordCrash(recent, 1, 100 * S);

        assertThat(tracked(q)).isEqualTo(3);
        q.cleanup(100 * S);
        assertThat(tracked(q)).as("stale entry forgotten, quarantined and recent kept").isEqualTo(2);

        // stale's single crash fell out of the window: a new crash counts as the first again
        assertThat(q.recordCrash(stale, 1, 100 * S)).isNull();
        // the quarantine survived the cleanup
        assertThat(remaining(CRASH, 100 * S)).isPositive();
        // recent's crash is still in the window
        assertThat(q.recordCrash(recent, 1, 101 * S)).isNotNull();
        assertThat(q.size(101 * S)).isEqualTo(2);
    }

    @Test
    void cleanupForgetsExpiredQuarantines() {
        q.recordCrash(CRASH, 1, 0);
        q.recordCrash(CRASH, 1, 1);
        q.cleanup(1000 * S);
        assertThat(tracked(q)).isZero();
        assertThat(q.size(1000 * S)).isZero();
        assertThat(q.check(CRASH, 1000 * S)).isNull();
        assertThat(q.recordCrash(CRASH, 1, 1000 * S)).isNull();
    }

    @Test
    void checksCleanUpByThemselvesEveryTenthOfTheWindow() {
        q.recordCrash(fp("SELECT once()"), 1, 0);
        assertThat(tracked(q)).isEqualTo(1);
        q.check(CRASH, 5 * S);
        assertThat(tracked(q)).as("before the first cleanup is due").isEqualTo(1);
        q.check(CRASH, 61 * S);
        assertThat(tracked(q)).isZero();
    }

    @Test
    void cleanupOfAnEmptyQuarantineIsHarmless() {
        q.cleanup(0);
        assertThat(tracked(q)).isZero();
        assertThat(q.size(0)).isZero();
    }

    @Test
    void worksWithNanoTimeValuesNearOverflow() {
        long t = Long.MAX_VALUE - 5 * S;
        q.recordCrash(CRASH, 1, t);
        assertThat(q.recordCrash(CRASH, 1, t + 10 * S)).isNotNull();
        assertThat(remaining(CRASH, t + 11 * S)).isEqualTo(599 * S);
    }

    @Test
    void aShapeThatCrashedIsConfinedToTheSlotItCrashedUntilItAnswers() {
        StatementFingerprint first = fp("select rowid from t where rowid = 1");
        assertThat(q.confinedTo(first, 0)).isEqualTo(-1);
        q.recordCrash(first, 2, 0);
        assertThat(q.confinedTo(fp("SELECT rowid FROM t WHERE rowid = 5"), 1)).as("variants too").isEqualTo(2);
        assertThat(q.confinedTo(fp("select 1"), 1)).as("other shapes").isEqualTo(-1);
        q.recordCrash(fp("select rowid from t where rowid = 7"), 3, 2);
        assertThat(q.confinedTo(first, 3)).as("the last slot it crashed").isEqualTo(3);
        q.acquit(fp("select rowid from t where rowid = 8"));
        assertThat(q.confinedTo(first, 4)).as("it answered").isEqualTo(-1);
        assertThat(q.recordCrash(first, 3, 5)).as("its crashes still count").isNotNull();
    }

    @Test
    void confinementEndsWithTheWindow() {
        q.recordCrash(CRASH, 1, 0);
        assertThat(q.confinedTo(CRASH, 60 * S)).isEqualTo(1);
        assertThat(q.confinedTo(CRASH, 61 * S)).isEqualTo(-1);
    }

    /** Shapes held; cleanup's only observable effect is memory, so peek at the map. */
    private static int tracked(Quarantine q) {
        try {
            Field f = Quarantine.class.getDeclaredField("shapes");
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
        Quarantine strict = new Quarantine(1, 1, 60 * S, 5 * S);
        strict.recordCrash(CRASH, 1, 0);
        Quarantine.Refusal r = strict.check(CRASH, 0);
        assertThat(r).isNotNull();
        assertThat(r.remainingNanos()).isEqualTo(5 * S);
    }
}
