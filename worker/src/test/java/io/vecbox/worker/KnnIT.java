package io.vecbox.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.vecbox.protocol.ErrorCode;
import io.vecbox.protocol.ErrorReply;
import io.vecbox.protocol.Message;
import io.vecbox.protocol.Query;
import io.vecbox.protocol.Result;
import io.vecbox.protocol.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The KNN fast path in a real reader process (with the Vector API module, as the supervisor starts
 * readers), through the protocol: whole queries and parts of scattered ones against vec0's answer
 * computed in this process, caps, deadlines, and NOT_SHARDABLE for what it does not answer.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KnnIT {
    private static final String KNN = "select rowid, distance from t where e match ? and k = ?";
    /** What a pool adds to its readers' JVM options for the fast path (later options win). */
    private static final String[] C2_AND_VECTOR_API = {
        "-XX:TieredStopAtLevel=4", "-XX:CICompilerCount=2", "--add-modules=jdk.incubator.vector"};

    @TempDir
    Path dir;

    private Path fill() throws Exception {
        Path db = dir.resolve("knn.db");
        Random r = new Random(5);
        try (Vec0Fixture f = new Vec0Fixture(db, new ScalarKernel())) {
            f.exec("create virtual table t using vec0(e float[32], chunk_size=64)");
            f.exec("create virtual table big using vec0(e float[64])");
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                float[] v = new float[32];
                for (int d = 0; d < 32; d++) {
                    v[d] = i % 3 == 0 ? r.nextInt(3) : (float) r.nextGaussian(); // a third with exact ties
                }
                rows.add(new Object[] {(long) (i + 1), Vec0Fixture.blob(v)});
            }
            f.load("insert into t(rowid, e) values (?, ?)", rows);
            f.exec("delete from t where rowid % 11 = 0");
            List<Object[]> big = new ArrayList<>();
            for (int i = 0; i < 40_000; i++) {
                float[] v = new float[64];
                for (int d = 0; d < 64; d++) {
                    v[d] = r.nextFloat();
                }
                big.add(new Object[] {(long) (i + 1), Vec0Fixture.blob(v)});
            }
            f.load("insert into big(rowid, e) values (?, ?)", big);
        }
        return db;
    }

    @Test
    void aReaderAnswersWholeQueriesAndPartsExactlyAsVec0() throws Exception {
        Path db = fill();
        Random r = new Random(9);
        try (Vec0Fixture local = new Vec0Fixture(db, new ScalarKernel());
             WorkerProcess w = WorkerProcess.start(C2_AND_VECTOR_API)) {
            w.handshake(WorkerProcess.config(Role.READER, db));
            long id = 1;
            for (long k : new long[] {1, 10, 500, 4096}) {
                float[] q = new float[32];
                for (int d = 0; d < 32; d++) {
                    q[d] = r.nextInt(3);
                }
                List<Object> params = List.of(Vec0Fixture.blob(q), k);
                Result vec0 = local.vec0(KNN, params);
                Result whole = (Result) w.send(new Query(id++, KNN, params, 0, 0, 0));
                assertThat(whole.columns()).containsExactly("rowid", "distance");
                assertThat(whole.rows()).as("k=%d", k).isEqualTo(vec0.rows());
                record Tagged(List<Object> row, int shard, int pos) { }
                List<Tagged> all = new ArrayList<>();
                for (int s = 0; s < 4; s++) {
                    Message m = w.send(new Query(id++, KNN, params, 0, 0, 0, s, 4));
                    assertThat(m).as("part %d", s).isInstanceOf(Result.class);
                    List<List<Object>> part = ((Result) m).rows();
                    for (int i = 0; i < part.size(); i++) {
                        all.add(new Tagged(part.get(i), s, i));
                    }
                }
                all.sort(Comparator.<Tagged>comparingDouble(t -> (Double) t.row().get(1))
                        .thenComparingInt(Tagged::shard).thenComparingInt(Tagged::pos));
                assertThat(all.stream().limit(k).map(Tagged::row).toList()).as("merged k=%d", k).isEqualTo(vec0.rows());
            }
            byte[] q = Vec0Fixture.blob(new float[32]);
            Result capped = (Result) w.send(new Query(id++, KNN, List.of(q, 50L), 5, 0, 0));
            assertThat(capped.truncated()).isTrue();
            assertThat(capped.rows()).isEqualTo(local.vec0(KNN, List.of(q, 50L)).rows().subList(0, 5));

            Message other = w.send(new Query(id++, "select count(*) from t", List.of(), 0, 0, 0, 0, 2));
            assertThat(other).isInstanceOfSatisfying(ErrorReply.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_SHARDABLE));
            Message tooBig = w.send(new Query(id++, KNN, List.of(q, 5000L), 0, 0, 0));
            assertThat(tooBig).as("k past 4096: vec0's own error").isInstanceOfSatisfying(ErrorReply.class,
                    e -> assertThat(e.message()).contains("k value in knn query too large"));

            Message late = w.send(new Query(id++, "select rowid, distance from big where e match ? and k = 10",
                    List.of(Vec0Fixture.blob(new float[64])), 0, 0, 1));
            assertThat(late).as("a 1 ms deadline on a 40,000-vector scan").isInstanceOfSatisfying(ErrorReply.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT));
            Result after = (Result) w.send(new Query(id++, KNN, List.of(q, 3L), 0, 0, 0));
            assertThat(after.rows()).as("the reader still answers after a timeout").hasSize(3);
        }
    }

    /** The cache across processes: a write committed by the writer process is in the reader's next answer. */
    @Test
    void aWriteByTheWriterProcessIsInTheReadersNextAnswer() throws Exception {
        Path db = fill();
        try (Vec0Fixture local = new Vec0Fixture(db, new ScalarKernel());
             WorkerProcess writer = WorkerProcess.start();
             WorkerProcess reader = WorkerProcess.start(C2_AND_VECTOR_API)) {
            writer.handshake(WorkerProcess.config(Role.WRITER, db));
            reader.handshake(WorkerProcess.config(Role.READER, db));
            float[] v = new float[32];
            for (int d = 0; d < 32; d++) {
                v[d] = 0.5f + d;
            }
            List<Object> params = List.of(Vec0Fixture.blob(v), 5L);
            Result before = (Result) reader.send(new Query(1, KNN, params, 0, 0, 0));
            assertThat(before.rows()).isEqualTo(local.vec0(KNN, params).rows());
            assertThat(before.rows()).noneMatch(row -> row.get(0).equals(1234L));
            assertThat(writer.send(new io.vecbox.protocol.Execute(2, "update t set e = ? where rowid = 1234",
                    List.of(Vec0Fixture.blob(v)), 0))).isInstanceOf(Result.class);
            Result after = (Result) reader.send(new Query(3, KNN, params, 0, 0, 0));
            assertThat(after.rows().get(0)).isEqualTo(List.of(1234L, 0.0));
            assertThat(after.rows()).isEqualTo(local.vec0(KNN, params).rows());
            Message part = reader.send(new Query(4, KNN, params, 0, 0, 0, 0, 1));
            assertThat(part).as("one part of one: the fast path answered").isInstanceOfSatisfying(Result.class,
                    r -> assertThat(r.rows()).isEqualTo(after.rows()));
        }
    }

    @Test
    void withoutC2TheFastPathIsOffAndVec0AnswersEverything() throws Exception {
        Path db = fill();
        try (Vec0Fixture local = new Vec0Fixture(db, new ScalarKernel());
             WorkerProcess w = WorkerProcess.start()) { // the test launcher's options, as the pool's: C1 only
            w.handshake(WorkerProcess.config(Role.READER, db));
            List<Object> params = List.of(Vec0Fixture.blob(new float[32]), 20L);
            Message part = w.send(new Query(1, KNN, params, 0, 0, 0, 0, 2));
            assertThat(part).isInstanceOfSatisfying(ErrorReply.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_SHARDABLE));
            Result whole = (Result) w.send(new Query(2, KNN, params, 0, 0, 0));
            assertThat(whole.rows()).isEqualTo(local.vec0(KNN, params).rows());
        }
    }
}
