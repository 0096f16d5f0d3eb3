package io.vecbox.bench.jmh;

import io.vecbox.bench.InProcess;
import io.vecbox.bench.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.sqlite.SQLiteConnection;

/**
 * The same {@code select 1} and primary-key lookup as {@link PoolBenchmark}, on a sqlite-jdbc
 * connection in this JVM (sqlite-vec loaded), with prepared statements reused as a worker's
 * statement cache reuses them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InProcessBenchmark {
    private Path dir;
    private SQLiteConnection conn;
    private PreparedStatement select1;
    private PreparedStatement pk;
    private long next;

    @Setup(Level.Trial)
    public void setUp() throws IOException, SQLException {
        dir = Files.createTempDirectory("vecbox-jmh-");
        conn = InProcess.open(dir.resolve("in-process.db"));
        try (Statement s = conn.createStatement()) {
            s.execute(Workload.ITEMS_TABLE_SQL);
        }
        conn.setAutoCommit(false);
        try (PreparedStatement insert = conn.prepareStatement("insert into items(id, name, score) values (?, ?, ?)")) {
            for (int id = 1; id <= PoolBenchmark.ROWS; id++) {
                insert.setLong(1, id);
                insert.setString(2, "item-" + id);
                insert.setDouble(3, id / (double) PoolBenchmark.ROWS);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        conn.commit();
        conn.setAutoCommit(true);
        select1 = conn.prepareStatement("select 1");
        pk = conn.prepareStatement(Workload.PK_SQL);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, SQLException {
        conn.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Benchmark
    public long select1() throws SQLException {
        try (ResultSet rs = select1.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Benchmark
    public String pkLookup() throws SQLException {
        next = next * 6364136223846793005L + 1442695040888963407L;
        pk.setLong(1, 1 + Math.floorMod(next >>> 17, PoolBenchmark.ROWS));
        try (ResultSet rs = pk.executeQuery()) {
            rs.next();
            return rs.getString(2);
        }
    }
}
