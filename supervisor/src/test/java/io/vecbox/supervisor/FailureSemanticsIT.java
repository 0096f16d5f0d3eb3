package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per row of the failure table (DESIGN section 5), with real worker JVMs made to fail
 * by the worker's fault injection. (The sandbox row belongs to the sandbox's own tests.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FailureSemanticsIT {
    private static final String RUNAWAY = "with recursive c(x) as (select 1 union all select x + 1 from c) "
            + "select count(*) from c";

    @TempDir
    Path dir;

    @Test
    void queryPastItsDeadlineIsInterruptedByTheWorkerWhichStays() {
        try (WorkerPool pool = Pools.builder(dir, "deadline").readers(1).queryTimeout(Duration.ofMillis(300)).build()) {
            long pid = Pools.pidOf(pool, "IDLE", "reader");
            long start = System.nanoTime();
            QueryTimeoutException e = catchThrowableOfType(() -> pool.query(RUNAWAY), QueryTimeoutException.class);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(e).isNotNull();
            assertThat(e.workerKilled()).isFalse();
            assertThat(e.timeout()).isEqualTo(Duration.ofMillis(300));
            assertThat(ms).isBetween(300L, 10_000L);
            assertThat(pool.query("select 1").rows()).hasSize(1);
            assertThat(Pools.pidOf(pool, "IDLE", "reader")).isEqualTo(pid);
            assertThat(pool.stats().timeouts()).isEqualTo(1);
            assertThat(pool.stats().restarts()).isZero();
        }
    }

    @Test
    void workerThatIgnoresItsDeadlineIsKilledAfterTheGracePeriodAndRestarted() throws Exception {
        CountDownLatch restarted = new CountDownLatch(2);
        try (WorkerPool pool = Pools.builder(dir, "kill").readers(1).queryTimeout(Duration.ofMillis(300))
                .killGracePeriod(Duration.ofMillis(300))
                .listener(new WorkerPoolListener() {
                    @Override
                    public void workerStarted(String p, String worker, long pid, Duration startupTime) {
                        if (worker.startsWith("worker-1#")) {
                            restarted.countDown();
                        }
                    }
                }).build()) {
            long pid = Pools.pidOf(pool, "IDLE", "reader");
            long start = System.nanoTime();
            QueryTimeoutException e = catchThrowableOfType(() -> pool.query("select vecbox_fault('spin')"),
                    QueryTimeoutException.class);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(e.workerKilled()).isTrue();
            assertThat(e.writeOutcomeUnknown()).isFalse();
            assertThat(e.getMessage()).contains("ignored its 300 ms deadline");
            assertThat(ms).isBetween(600L, 15_000L);
            ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
            assertThat(restarted.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(pool.query("select 7").rows().get(0).getLong(0)).isEqualTo(7);
            PoolStats stats = pool.stats();
            assertThat(stats.timeouts()).isEqualTo(1);
            assertThat(stats.restarts()).isEqualTo(1);
            assertThat(stats.crashes()).as("a deadline kill is not a crash").isZero();
        }
    }

    @Test
    void readerThatDiesMidQueryIsReplacedAndTheQueryRetriedOnAnother() {
        try (WorkerPool pool = Pools.builder(dir, "retry").build(); Pools.LogCapture log = new Pools.LogCapture()) {
            Path once = dir.resolve("halt-once");
            QueryResult r = pool.query("select vecbox_fault('halt', 42, ?)", once.toString());
            assertThat(r.rows().get(0).getLong(0)).as("the retry found the marker and did not halt").isZero();
            assertThat(pool.stats().crashes()).isEqualTo(1);
            assertThat(log.lines("WARN")).anySatisfy(line -> assertThat(line)
                    .contains("lost: exited with code 42 while running query #").contains("; pid ")
                    .contains("exit 42").contains("state BUSY")
                    .contains("select vecbox_fault('halt', 42, ?)").contains("test fault: halt"));
            assertThat(String.join("\n", log.lines("WARN"))).doesNotContain(once.toString());
        }
    }

    @Test
    void readerThatDiesTwiceFailsWithCrashDetailsAndTheStatementIsQuarantined() {
        try (WorkerPool pool = Pools.builder(dir, "twice").build()) {
            WorkerCrashedException e = catchThrowableOfType(() -> pool.query("select vecbox_fault('halt', 42)"),
                    WorkerCrashedException.class);
            assertThat(e).isNotNull();
            assertThat(e.exitCode()).hasValue(42);
            assertThat(e.signal()).isEmpty();
            assertThat(e.writeOutcomeUnknown()).isFalse();
            assertThat(e.stderrTail()).contains("test fault: halt");
            assertThat(e.worker()).startsWith("worker-");
            assertThat(e.getMessage()).contains("exit 42").contains(", then ").contains("quarantined");
            assertThat(pool.stats().crashes()).isEqualTo(2);

            QueryQuarantinedException q = catchThrowableOfType(() -> pool.query("select   vecbox_fault('halt',  42)"
                    .replace("  42", " 42")), QueryQuarantinedException.class);
            assertThat(q).isNotNull();
            assertThat(q.remaining()).isPositive();
            assertThat(pool.stats().crashes()).as("quarantine refuses without touching a worker").isEqualTo(2);
            assertThat(pool.stats().quarantined()).isEqualTo(1);
            assertThat(pool.query("select 1").rows()).hasSize(1);
        }
    }

    @Test
    void writerThatDiesMidWriteReportsAnUnknownOutcomeAndIsNeverRetried() throws Exception {
        CountDownLatch writerBack = new CountDownLatch(2);
        try (WorkerPool pool = Pools.builder(dir, "writer").readers(1).listener(new WorkerPoolListener() {
            @Override
            public void workerStarted(String p, String worker, long pid, Duration startupTime) {
                if (worker.startsWith("worker-0#")) {
                    writerBack.countDown();
                }
            }
        }).build()) {
            pool.execute("create table t(x)");
            WorkerCrashedException e = catchThrowableOfType(
                    () -> pool.execute("insert into t values (vecbox_fault('halt', 9))"), WorkerCrashedException.class);
            assertThat(e.writeOutcomeUnknown()).isTrue();
            assertThat(e.exitCode()).hasValue(9);
            assertThat(e.getMessage()).contains("outcome is unknown");
            assertThat(pool.stats().crashes()).as("not retried").isEqualTo(1);
            assertThat(writerBack.await(30, TimeUnit.SECONDS)).isTrue();
            pool.execute("insert into t values (1)");
            assertThat(pool.query("select count(*), sum(x) from t").rows().get(0).getLong(0)).isEqualTo(1);
        }
    }

    @Test
    void garbageOnAWorkersStdoutReplacesThatWorkerAndRetriesTheRequest() {
        try (WorkerPool pool = Pools.builder(dir, "garbage").build(); Pools.LogCapture log = new Pools.LogCapture()) {
            QueryResult r = pool.query("select vecbox_fault('garbage', 0, ?)", dir.resolve("garbage-once").toString());
            assertThat(r.rows().get(0).getLong(0)).isZero();
            assertThat(pool.stats().crashes()).isEqualTo(1);
            assertThat(log.lines("WARN")).anySatisfy(line -> assertThat(line).contains("protocol violation")
                    .contains("killed by the pool"));
        }
    }

    @Test
    void readerThatRunsOutOfMemoryExitsAndTheQueryIsRetried() {
        try (WorkerPool pool = Pools.builder(dir, "oom").jvmOptions(List.of(Pools.FAULTS, "-Xmx64m")).build();
             Pools.LogCapture log = new Pools.LogCapture()) {
            QueryResult r = pool.query("select vecbox_fault('oom', 0, ?)", dir.resolve("oom-once").toString());
            assertThat(r.rows().get(0).getLong(0)).isZero();
            assertThat(log.lines("WARN")).anySatisfy(line -> assertThat(line).contains("exit 3"));
        }
    }

    @Test
    void killMinus9OfAReaderMidQueryIsAnsweredByTheRetry() throws Exception {
        try (WorkerPool pool = Pools.builder(dir, "kill9").build()) {
            CompletableFuture<QueryResult> f = pool.queryAsync("select vecbox_fault('spin', 1500)");
            long pid = -1;
            while (pid < 0) {
                pid = Pools.pidOf(pool, "BUSY", "reader");
                Thread.onSpinWait();
            }
            ProcessHandle victim = ProcessHandle.of(pid).orElseThrow();
            assertThat(victim.destroyForcibly()).isTrue();
            victim.onExit().get(10, TimeUnit.SECONDS);
            QueryResult r = f.get(30, TimeUnit.SECONDS);
            assertThat(r.rows().get(0).getLong(0)).isPositive();
            assertThat(r.worker()).doesNotStartWith("worker-" + pid);
            assertThat(pool.stats().crashes()).isEqualTo(1);
            assertThat(pool.stats().quarantined()).as("an outside SIGKILL is not the statement's fault").isZero();
        }
    }

    @Test
    void aCancelledQueryIsNotRetriedWhenItsWorkerDies() throws Exception {
        // One reader: a retry of the cancelled spin would hold its replacement for the whole
        // 20 s deadline, and the next query would wait out its acquire timeout behind it.
        try (WorkerPool pool = Pools.builder(dir, "cancelled").readers(1).queryTimeout(Duration.ofSeconds(20))
                .acquireTimeout(Duration.ofSeconds(5)).build();
             Pools.LogCapture log = new Pools.LogCapture()) {
            CompletableFuture<QueryResult> f = pool.queryAsync("select vecbox_fault('spin', 20000)");
            long pid = -1;
            while (pid < 0) {
                pid = Pools.pidOf(pool, "BUSY", "reader");
                Thread.onSpinWait();
            }
            assertThat(f.cancel(true)).isTrue();
            ProcessHandle victim = ProcessHandle.of(pid).orElseThrow();
            assertThat(victim.destroyForcibly()).isTrue();
            victim.onExit().get(10, TimeUnit.SECONDS);

            QueryResult r = pool.query("select 40 + 2");

            assertThat(r.rows().get(0).getLong(0)).isEqualTo(42);
            assertThat(log.lines("INFO")).as("nobody waits for the cancelled query's answer")
                    .noneMatch(line -> line.contains("retrying"));
        }
    }

    @Test
    void workersThatCannotStartFailTheBuildWithExitCodeAndStderr() {
        WorkerStartException e = catchThrowableOfType(() -> Pools.builder(dir, "nostart")
                .jvmOptions(List.of(Pools.FAULTS, "-Dvecbox.testFaultAtStart=exit:3")).build(),
                WorkerStartException.class);
        assertThat(e).isNotNull();
        assertThat(e.exitCode()).hasValue(3);
        assertThat(e.stderrTail()).contains("exiting during start-up");
        assertThat(e.command()).contains("-jar");
        assertThat(e.getMessage()).contains("failed to start").contains("exit 3");
    }

    @Test
    void whileNoReaderCanStartQueriesFailFastThenThePoolRecovers() throws Exception {
        Path flag = dir.resolve("no-start");
        CountDownLatch recovered = new CountDownLatch(1);
        CountDownLatch coolingDown = new CountDownLatch(1);
        RestartPolicy policy = RestartPolicy.builder().initialBackoff(Duration.ofMillis(20))
                .maxBackoff(Duration.ofMillis(50)).maxRestarts(2, Duration.ofSeconds(30))
                .coolDown(Duration.ofSeconds(1)).build();
        try (Pools.LogCapture log = new Pools.LogCapture();
             WorkerPool pool = Pools.builder(dir, "cooldown").readers(1).restartPolicy(policy)
                .jvmOptions(List.of(Pools.FAULTS, "-Dvecbox.testFaultAtStart=exit-if-exists:" + flag))
                .listener(new WorkerPoolListener() {
                    @Override
                    public void workerStarted(String p, String worker, long pid, Duration startupTime) {
                        if (worker.startsWith("worker-1#") && !worker.equals("worker-1#1")) {
                            recovered.countDown();
                        }
                    }

                    @Override
                    public void workerCoolingDown(String p, String slot, Duration coolDown, String lastFailure) {
                        assertThat(slot).isEqualTo("worker-1");
                        coolingDown.countDown();
                    }
                }).build()) {
            Files.createFile(flag);
            assertThatThrownBy(() -> pool.query("select vecbox_fault('halt', 1)"))
                    .isInstanceOf(WorkerPoolException.class);
            long start = System.nanoTime();
            WorkerStartException e = catchThrowableOfType(() -> pool.query("select 1"), WorkerStartException.class);
            assertThat(e).isNotNull();
            assertThat(e.stderrTail()).contains("flag file present");
            assertThat((System.nanoTime() - start) / 1_000_000).as("fails fast, not after acquireTimeout")
                    .isLessThan(5_000L);
            assertThat(pool.execute("create table still_writable(x)").changes()).isZero();
            assertThat(coolingDown.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(log.lines("ERROR")).anySatisfy(line -> assertThat(line).contains("cannot keep its configured size"));
            Files.delete(flag);
            assertThat(recovered.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(pool.query("select 5").rows().get(0).getLong(0)).isEqualTo(5);
        }
    }

    /**
     * Killed from outside again and again (an operator's or a storm's SIGKILLs), the only reader
     * passes the restart intensity and cools down. While no reader can come before a request's
     * acquire timeout, requests fail fast with {@code WorkerStartException} saying so, instead of
     * each waiting out {@code acquireTimeout}; once the cool-down ends the slot is relaunched and
     * serves again.
     */
    @Test
    void readersCoolingDownAfterOutsideKillsFailFastAndServeAgainWhenTheCoolDownEnds() throws Exception {
        java.util.concurrent.BlockingQueue<String> started = new java.util.concurrent.LinkedBlockingQueue<>();
        CountDownLatch coolingDown = new CountDownLatch(1);
        RestartPolicy policy = RestartPolicy.builder().initialBackoff(Duration.ofMillis(20))
                .maxBackoff(Duration.ofMillis(50)).maxRestarts(2, Duration.ofSeconds(60))
                .coolDown(Duration.ofSeconds(4)).build();
        try (WorkerPool pool = Pools.builder(dir, "storm").readers(1).restartPolicy(policy)
                .acquireTimeout(Duration.ofSeconds(2)).listener(new WorkerPoolListener() {
                    @Override
                    public void workerStarted(String p, String worker, long pid, Duration startupTime) {
                        if (worker.startsWith("worker-1#")) {
                            started.add(worker);
                        }
                    }

                    @Override
                    public void workerCoolingDown(String p, String slot, Duration coolDown, String lastFailure) {
                        if (lastFailure.contains("SIGKILL")) {
                            coolingDown.countDown();
                        }
                    }
                }).build()) {
            assertThat(started.poll(30, TimeUnit.SECONDS)).isEqualTo("worker-1#1");
            for (int kill = 1; kill <= 3; kill++) {
                ProcessHandle victim = ProcessHandle.of(Pools.pidOf(pool, "IDLE", "reader")).orElseThrow();
                victim.destroyForcibly();
                victim.onExit().get(10, TimeUnit.SECONDS);
                if (kill < 3) {
                    assertThat(started.poll(30, TimeUnit.SECONDS)).isEqualTo("worker-1#" + (kill + 1));
                }
            }
            assertThat(coolingDown.await(30, TimeUnit.SECONDS)).isTrue();

            long start = System.nanoTime();
            WorkerStartException e = catchThrowableOfType(() -> pool.query("select 1"), WorkerStartException.class);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(e).as("fails fast while no reader can come in time").isNotNull();
            assertThat(e.getMessage()).contains("cooling down").contains("worker-1")
                    .contains("signal SIGKILL (killed from outside the pool)");
            assertThat(ms).as("not after acquireTimeout").isLessThan(1_000L);
            assertThat(pool.execute("create table writer_unaffected(x)").changes()).isZero();

            assertThat(started.poll(30, TimeUnit.SECONDS)).as("relaunched when the cool-down ends")
                    .isEqualTo("worker-1#4");
            assertThat(pool.query("select 5").rows().get(0).getLong(0)).isEqualTo(5);
        }
    }

    @Test
    void fullQueueIsRefusedAtOnceAndAWaitThatTakesTooLongTimesOut() throws Exception {
        try (WorkerPool pool = Pools.builder(dir, "queue").readers(1).maxQueued(1)
                .acquireTimeout(Duration.ofMillis(400)).build()) {
            CompletableFuture<QueryResult> busy = pool.queryAsync("select vecbox_fault('spin', 2000)");
            while (Pools.pidOf(pool, "BUSY", "reader") < 0) {
                Thread.onSpinWait();
            }
            long start = System.nanoTime();
            CompletableFuture<QueryResult> queued = pool.queryAsync("select 1");
            assertThatThrownBy(() -> pool.query("select 2")).isInstanceOf(PoolOverloadedException.class)
                    .hasMessageContaining("maxQueued=1");
            Throwable t = catchThrowableOfType(() -> queued.join(), java.util.concurrent.CompletionException.class)
                    .getCause();
            assertThat(t).isInstanceOf(AcquireTimeoutException.class)
                    .hasMessageContaining("no reader available after")
                    .hasMessageContaining("busy=1");
            assertThat(((AcquireTimeoutException) t).waited()).isGreaterThanOrEqualTo(Duration.ofMillis(400));
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_900L + 10_000L);
            assertThat(busy.get(30, TimeUnit.SECONDS).rows()).hasSize(1);
        }
    }

    @Test
    void closingThePoolFailsQueuedAndLateRequestsWithPoolClosed() throws Exception {
        WorkerPool pool = Pools.builder(dir, "closing").readers(1).shutdownGracePeriod(Duration.ofMillis(300)).build();
        CompletableFuture<QueryResult> running = pool.queryAsync("select vecbox_fault('spin')");
        while (Pools.pidOf(pool, "BUSY", "reader") < 0) {
            Thread.onSpinWait();
        }
        CompletableFuture<QueryResult> queued = pool.queryAsync("select 1");
        pool.close();
        assertThat(catchThrowableOfType(running::join, java.util.concurrent.CompletionException.class).getCause())
                .isInstanceOf(PoolClosedException.class);
        assertThat(catchThrowableOfType(queued::join, java.util.concurrent.CompletionException.class).getCause())
                .isInstanceOf(PoolClosedException.class).hasMessageContaining("before the request reached a worker");
        assertThatThrownBy(() -> pool.query("select 1")).isInstanceOf(PoolClosedException.class);
        for (WorkerInfo w : pool.workers()) {
            assertThat(w.pid()).isEqualTo(-1);
        }
    }
}
