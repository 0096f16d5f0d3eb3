package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a worker sends the host costs the host bounded memory. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostMemoryIT {
    @TempDir
    Path dir;

    /** Polls the captured log: the stderr pump has no event to wait on. */
    private static String awaitLine(Pools.LogCapture log, String level, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Optional<String> line = log.lines(level).stream().filter(l -> l.contains(text)).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + level + " line containing '" + text + "' within 30 s");
    }

    @Test
    void aStderrLineOfManyMegabytesWithoutNewlineIsCutAndThePumpSurvives() throws Exception {
        int flood = 64 * 1024 * 1024;
        String prefix = "test stderr flood WARN ";
        try (Pools.LogCapture log = new Pools.LogCapture();
             WorkerPool pool = Pools.builder(dir, "flood").readers(1).build()) {
            long pid = Pools.pidOf(pool, "IDLE", "reader");
            assertThat(pool.query("select vecbox_fault('stderr-flood', ?)", flood).rows().get(0).getLong(0))
                    .isEqualTo(flood);
            assertThat(pool.query("select vecbox_fault('stderr', 1)").rows().get(0).getLong(0)).isEqualTo(1);
            awaitLine(log, "INFO", "test fault: stderr 1");
            assertThat(awaitLine(log, "TRACE", "test stderr line 0")).as("a later line arrives whole")
                    .endsWith("stderr: test stderr line 0");

            List<String> flooded = log.lines("INFO").stream().filter(l -> l.contains(prefix)).toList();
            assertThat(flooded).hasSize(1);
            String line = flooded.get(0);
            assertThat(line.length()).as("8 KiB of the line, plus pool, worker and marker").isLessThan(8 * 1024 + 200);
            assertThat(line).endsWith("x … [truncated " + (prefix.length() + flood - 8 * 1024) + " bytes]");

            assertThat(pool.query("select 10").rows().get(0).getLong(0)).isEqualTo(10);
            assertThat(Pools.pidOf(pool, "IDLE", "reader")).isEqualTo(pid);
            assertThat(pool.stats().crashes()).isZero();
        }
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            memory.gc();
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    /** A method of its own, so that the test's frame does not keep the result. */
    private static String largeResult(WorkerPool pool, int size) {
        QueryResult r = pool.query("select randomblob(?)", size);
        assertThat(r.rows().get(0).getBytes(0)).hasSize(size);
        return r.worker();
    }

    @Test
    void largeResultsLeaveNoLargeFrameBuffersBehind() {
        int size = 40 * 1024 * 1024;
        try (WorkerPool pool = Pools.builder(dir, "large").readers(3).sandbox(SandboxPolicy.trusted())
                .maxResultBytes(48L * 1024 * 1024).build()) {
            assertThat(pool.query("select 1").size()).isEqualTo(1);
            long before = usedHeapAfterGc();
            Set<String> workers = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                workers.add(largeResult(pool, size));
            }
            assertThat(workers).as("one large result on each reader").hasSize(3);
            long retainedMib = (usedHeapAfterGc() - before) / (1024 * 1024);
            assertThat(retainedMib).as("heap kept after three 40 MB results, MiB").isLessThan(32);
        }
    }
}
