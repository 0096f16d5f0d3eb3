package io.vecbox.bench.jmh;

import io.vecbox.bench.Workload;
import io.vecbox.supervisor.SandboxPolicy;
import io.vecbox.supervisor.WorkerPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code select 1} and a primary-key lookup through a pool of one writer and one reader, with
 * the default (untrusted) and the trusted sandbox policy. Sample mode, so JMH prints p50/p90/p99;
 * compare with {@link InProcessBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PoolBenchmark {
    static final int ROWS = 10_000;

    @Param({"untrusted", "trusted"})
    public String policy;

    private Path dir;
    private WorkerPool pool;
    private long next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("vecbox-jmh-");
        pool = WorkerPool.builder().name("jmh").database(dir.resolve("pool.db")).readers(1)
                .sandbox(policy.equals("trusted") ? SandboxPolicy.trusted() : SandboxPolicy.untrusted()).build();
        pool.execute(Workload.ITEMS_TABLE_SQL);
        List<Object[]> rows = new ArrayList<>(ROWS);
        for (int id = 1; id <= ROWS; id++) {
            rows.add(new Object[] {id, "item-" + id, id / (double) ROWS});
        }
        pool.executeMany("insert into items(id, name, score) values (?, ?, ?)", rows);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        pool.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Benchmark
    public long select1() {
        return pool.query("select 1").rows().get(0).getLong(0);
    }

    @Benchmark
    public String pkLookup() {
        next = next * 6364136223846793005L + 1442695040888963407L;
        long id = 1 + Math.floorMod(next >>> 17, ROWS);
        return pool.query(Workload.PK_SQL, id).rows().get(0).getString(1);
    }
}
