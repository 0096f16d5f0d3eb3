package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash-by-variation must not starve the pool. One thread sends twenty variants (comments,
 * spacing, case, other literals) of one read that really segfaults sqlite-vec 0.1.9 (a point
 * lookup on a renamed vec0 table, as in {@link RealNativeCrashIT}), while another runs
 * {@code select 40 + 2} every 50 ms. The pool runs the default restart policy, so a crash that
 * pushed a slot into start-up backoff would show here as a bystander waiting for it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CrashingVariantsIT {
    /** The bound: "readers crash at most 8 times". */
    private static final int MAX_CRASHES = 8;
    /**
     * The bound for a bystander: not one waits 3 s. A bystander normally answers in about
     * a millisecond; the worst legitimate wait is a replacement reader's start-up (a few hundred
     * ms here) while both readers are down, so 3 s still leaves several start-ups of margin on a
     * loaded CI machine, while the failure it guards against (a slot in backoff or cool-down:
     * seconds to tens of seconds) is well above it.
     */
    private static final long MAX_BYSTANDER_MILLIS = 3_000;

    @TempDir
    Path dir;

    /** The same attack from four threads at once: queued variants are refused once the shape is quarantined. */
    @Test
    void fourThreadsSendingCrashingVariantsAtOnceCrashReadersAtMostEightTimes() throws Exception {
        try (WorkerPool pool = Pools.builder(dir, "concurrent").jvmOptions(List.of())
                .restartPolicy(RestartPolicy.ofDefaults()).build()) {
            pool.execute("create virtual table scratch using vec0(embedding float[4])");
            pool.execute("insert into scratch(rowid, embedding) values (1, '[1,2,3,4]')");
            pool.execute("alter table scratch rename to scratch_renamed");
            List<String> variants = variants();
            Map<String, Integer> outcomes = Collections.synchronizedMap(new TreeMap<>());
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> attackers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int from = t * 5;
                Thread a = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (String sql : variants.subList(from, from + 5)) {
                        try {
                            pool.query(sql);
                            outcomes.merge("answered", 1, Integer::sum);
                        } catch (WorkerPoolException e) {
                            outcomes.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                        }
                    }
                }, "attacker-" + t);
                a.start();
                attackers.add(a);
            }
            go.countDown();
            for (Thread a : attackers) {
                a.join(TimeUnit.SECONDS.toMillis(60));
            }
            assertThat(pool.query("select 40 + 2").rows().get(0).getLong(0)).isEqualTo(42);
            PoolStats stats = pool.stats();
            System.out.printf("concurrent crashing variants: outcomes %s; crashes %d, restarts %d, quarantined %d%n",
                    outcomes, stats.crashes(), stats.restarts(), stats.quarantined());
            assertThat(outcomes.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(20);
            assertThat(outcomes).doesNotContainKey("answered");
            assertThat(stats.crashes()).as("reader crashes").isBetween(1L, (long) MAX_CRASHES);
        }
    }

    /**
     * A native hang, not injected: under the trusted policy nothing bounds this vector (no length
     * limit, no memory guard), and sqlite-vec formats a billion bits as JSON without ever returning
     * to SQLite's VM, so no interrupt stops it; only the pool's kill at deadline + grace does.
     */
    @Test
    void aNativeHangThatOnlyTheDeadlineKillStopsCountsTowardsQuarantineLikeACrash() throws Exception {
        try (WorkerPool pool = Pools.builder(dir, "hang").jvmOptions(List.of()).readers(1)
                .sandbox(SandboxPolicy.trusted()).restartPolicy(RestartPolicy.ofDefaults())
                .queryTimeout(Duration.ofMillis(300)).killGracePeriod(Duration.ofMillis(300)).build()) {
            String hang = "select length(vec_to_json(vec_bit(zeroblob(134217728))))";
            for (int attempt = 1; attempt <= 2; attempt++) {
                long start = System.nanoTime();
                QueryTimeoutException e = catchThrowableOfType(() -> pool.query(hang), QueryTimeoutException.class);
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertThat(e).as("attempt " + attempt).isNotNull();
                assertThat(e.workerKilled()).isTrue();
                assertThat(ms).isBetween(600L, 15_000L);
                if (attempt == 2) {
                    assertThat(e.getMessage()).contains("statement quarantined for").contains("it crashed 2 workers");
                }
                // A worker killed by its request is replaced at once: no backoff, even on the second kill.
                long back = System.nanoTime();
                assertThat(pool.query("select 40 + 2").rows().get(0).getLong(0)).isEqualTo(42);
                assertThat((System.nanoTime() - back) / 1_000_000).as("replacement ready (ms)").isLessThan(10_000L);
            }
            QueryQuarantinedException q = catchThrowableOfType(
                    () -> pool.query("SELECT length(vec_to_json(vec_bit(zeroblob(134217728)))) -- again"),
                    QueryQuarantinedException.class);
            assertThat(q).isNotNull();
            assertThat(q.getMessage()).contains("because it crashed 2 workers");

            // A third kill with another literal quarantines the shape: every literal variant is refused.
            assertThat(catchThrowableOfType(() -> pool.query(hang.replace("134217728", "134217727")),
                    QueryTimeoutException.class).getMessage()).contains("statements of its shape");
            assertThat(catchThrowableOfType(() -> pool.query(hang.replace("134217728", "99999999")),
                    QueryQuarantinedException.class)).isNotNull();
            assertThat(pool.query("select 40 + 2").rows().get(0).getLong(0)).as("the third replacement").isEqualTo(42);
            PoolStats stats = pool.stats();
            assertThat(stats.timeouts()).isEqualTo(3);
            assertThat(stats.restarts()).isEqualTo(3);
            assertThat(stats.quarantined()).isEqualTo(2);
        }
    }

    static List<String> variants() {
        List<String> v = new ArrayList<>(List.of(
                "select rowid from scratch_renamed where rowid = 1",
                "select rowid from scratch_renamed where rowid = 2",
                "/* x */ SELECT rowid FROM scratch_renamed WHERE rowid=3",
                "SELECT ROWID FROM SCRATCH_RENAMED WHERE ROWID = 4",
                "select rowid\n  from scratch_renamed\n where rowid = 5 -- five",
                "select rowid from \"scratch_renamed\" where rowid = 6",
                "select\trowid\tfrom\tscratch_renamed\twhere\trowid\t=\t7",
                "select rowid from [scratch_renamed] where rowid = 0x8",
                "Select RowId From Scratch_Renamed Where RowId = 9"));
        for (int i = 10; i <= 20; i++) {
            v.add("select /* variant " + i + " */ rowid from scratch_renamed where rowid = " + i);
        }
        return v;
    }

    @Test
    void twentyCrashingVariantsNeitherStarveBystandersNorCrashReadersMoreThanEightTimes() throws Exception {
        try (WorkerPool pool = Pools.builder(dir, "variants").jvmOptions(List.of())
                .restartPolicy(RestartPolicy.ofDefaults()).build()) {
            pool.execute("create virtual table scratch using vec0(embedding float[4])");
            pool.execute("insert into scratch(rowid, embedding) values (1, '[1,2,3,4]')");
            pool.execute("alter table scratch rename to scratch_renamed");

            AtomicBoolean attackOver = new AtomicBoolean();
            CountDownLatch afterAttack = new CountDownLatch(20); // a second of bystanders after the attack
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            ConcurrentLinkedQueue<Throwable> bystanderFailures = new ConcurrentLinkedQueue<>();
            CountDownLatch bystanderDone = new CountDownLatch(1);
            Thread bystander = new Thread(() -> {
                try {
                    while (afterAttack.getCount() > 0) {
                        boolean counts = attackOver.get();
                        long start = System.nanoTime();
                        try {
                            assertThat(pool.query("select 40 + 2").rows().get(0).getLong(0)).isEqualTo(42);
                        } catch (Throwable t) {
                            bystanderFailures.add(t);
                        }
                        latencies.add((System.nanoTime() - start) / 1_000_000);
                        if (counts) {
                            afterAttack.countDown();
                        }
                        Thread.sleep(50); // the bystander's pace, not synchronisation
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    bystanderDone.countDown();
                }
            }, "bystander");
            bystander.start();

            Map<String, Integer> outcomes = new TreeMap<>();
            long begin = System.nanoTime();
            for (String sql : variants()) {
                String outcome;
                try {
                    pool.query(sql);
                    outcome = "answered";
                } catch (WorkerPoolException e) {
                    outcome = e.getClass().getSimpleName();
                }
                outcomes.merge(outcome, 1, Integer::sum);
            }
            long attackMillis = (System.nanoTime() - begin) / 1_000_000;
            attackOver.set(true); // the bystander runs on while the last replacement starts
            assertThat(bystanderDone.await(60, TimeUnit.SECONDS)).isTrue();

            PoolStats stats = pool.stats();
            List<Long> sorted;
            synchronized (latencies) {
                sorted = new ArrayList<>(latencies);
            }
            Collections.sort(sorted);
            long max = sorted.get(sorted.size() - 1);
            long p99 = sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1);
            System.out.printf("crashing variants: outcomes %s in %d ms; crashes %d, restarts %d, quarantined %d; "
                            + "bystander queries %d, max %d ms, p99 %d ms, failures %d%n", outcomes, attackMillis,
                    stats.crashes(), stats.restarts(), stats.quarantined(), sorted.size(), max, p99,
                    bystanderFailures.size());

            assertThat(bystanderFailures).as("bystander failures").isEmpty();
            assertThat(max).as("slowest bystander (ms)").isLessThan(MAX_BYSTANDER_MILLIS);
            assertThat(stats.crashes()).as("reader crashes").isBetween(1L, (long) MAX_CRASHES);
            assertThat(outcomes).doesNotContainKey("answered");
            assertThat(outcomes.get("QueryQuarantinedException")).as("variants refused without a worker")
                    .isGreaterThanOrEqualTo(20 - MAX_CRASHES);
            assertThat(stats.quarantined()).isPositive();
            assertThat(pool.workers()).filteredOn(w -> w.role().equals("reader") && w.generation() == 1)
                    .as("readers the crashing statement never reached").hasSize(1);
        }
    }
}
