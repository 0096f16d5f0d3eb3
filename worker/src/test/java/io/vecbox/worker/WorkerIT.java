package io.vecbox.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vecbox.protocol.Batch;
import io.vecbox.protocol.Cancel;
import io.vecbox.protocol.ErrorCode;
import io.vecbox.protocol.ErrorReply;
import io.vecbox.protocol.Execute;
import io.vecbox.protocol.ExecuteMany;
import io.vecbox.protocol.Hello;
import io.vecbox.protocol.Message;
import io.vecbox.protocol.Ping;
import io.vecbox.protocol.Pong;
import io.vecbox.protocol.Protocol;
import io.vecbox.protocol.ProtocolException;
import io.vecbox.protocol.Query;
import io.vecbox.protocol.Ready;
import io.vecbox.protocol.Result;
import io.vecbox.protocol.Role;
import io.vecbox.protocol.StartMarker;
import io.vecbox.protocol.Shutdown;
import io.vecbox.protocol.SqlStatement;
import io.vecbox.protocol.Values;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkerIT {
    private static final String RUNAWAY = "with recursive c(x) as (select 1 union all select x + 1 from c) "
            + "select count(*) from c";

    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve("test.db");
    }

    @Test
    void handshakeAnnouncesVersionsAndOpensWriterInWal() throws Exception {
        try (WorkerProcess w = WorkerProcess.start()) {
            assertThat(w.start).as("the start marker comes first").isEqualTo(StartMarker.Outcome.MARKER);
            Hello hello = w.hello();
            assertThat(hello.protocolVersion()).isEqualTo(Protocol.VERSION);
            assertThat(hello.pid()).isEqualTo(w.process.pid());
            assertThat(hello.sqliteVersion()).matches("3\\.\\d+\\.\\d+");
            assertThat(hello.sqliteVecVersion()).isEqualTo("0.1.9");
            w.writer.write(WorkerProcess.config(Role.WRITER, db()));
            Ready ready = (Ready) w.reader.read();
            assertThat(ready.pid()).isEqualTo(w.process.pid());
            assertThat(ready.sqliteVecVersion()).isEqualTo("v0.1.9");
            assertThat(ready.sqliteVersion()).isEqualTo(hello.sqliteVersion());
            assertThat(ready.journalMode()).isEqualTo("wal");
        }
    }

    @Test
    void knnOverThousandVectorsMatchesBruteForce() throws Exception {
        int n = 1000;
        int dim = 8;
        Random random = new Random(42);
        float[][] vectors = new float[n][dim];
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dim; d++) {
                vectors[i][d] = random.nextFloat() * 2 - 1;
            }
            rows.add(Values.copyRow(List.of((long) (i + 1), vectors[i])));
        }
        float[] q = new float[dim];
        for (int d = 0; d < dim; d++) {
            q[d] = random.nextFloat() * 2 - 1;
        }
        try (WorkerProcess writer = WorkerProcess.start(); WorkerProcess reader = WorkerProcess.start()) {
            writer.handshake(WorkerProcess.config(Role.WRITER, db()));
            ok(writer.send(new Execute(1, "create virtual table items using vec0(embedding float[8])", List.of(), 0)));
            Result loaded = ok(writer.send(new ExecuteMany(2,
                    "insert into items(rowid, embedding) values (?, ?)", rows, 0)));
            assertThat(loaded.changes()).isEqualTo(n);
            assertThat(loaded.lastInsertRowid()).isEqualTo(n);

            reader.handshake(WorkerProcess.config(Role.READER, db()));
            Result knn = ok(reader.send(new Query(3,
                    "select rowid, distance from items where embedding match ? and k = 10 order by distance",
                    Values.copyRow(List.of(q)), 0, 0, 0)));
            assertThat(knn.columns()).containsExactly("rowid", "distance");

            List<double[]> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int d = 0; d < dim; d++) {
                    double diff = vectors[i][d] - q[d];
                    sum += diff * diff;
                }
                expected.add(new double[] {i + 1, Math.sqrt(sum)});
            }
            expected.sort(Comparator.comparingDouble(e -> e[1]));
            assertThat(knn.rows()).hasSize(10);
            for (int i = 0; i < 10; i++) {
                assertThat(knn.rows().get(i).get(0)).isEqualTo((long) expected.get(i)[0]);
                assertThat((Double) knn.rows().get(i).get(1)).isCloseTo(expected.get(i)[1],
                        org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }

    @Test
    void cancelInterruptsARunawayStatementAndTheWorkerStaysUsable() throws Exception {
        try (WorkerProcess w = WorkerProcess.start()) {
            w.handshake(WorkerProcess.config(Role.WRITER, db()));
            w.writer.write(new Query(7, RUNAWAY, List.of(), 0, 0, 0));
            Pong pong = (Pong) w.send(new Ping(8));
            assertThat(pong.id()).isEqualTo(8);
            assertThat(pong.busy()).isTrue();
            w.writer.write(new Cancel(7));
            ErrorReply e = (ErrorReply) w.reader.read();
            assertThat(e.id()).isEqualTo(7);
            assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED);
            assertThat(ok(w.send(new Query(9, "select 1", List.of(), 0, 0, 0))).rows()).hasSize(1);
        }
    }

    @Test
    void deadlineInsideTheWorkerInterruptsARunawayStatement() throws Exception {
        try (WorkerProcess w = WorkerProcess.start()) {
            w.handshake(WorkerProcess.config(Role.WRITER, db()));
            long start = System.nanoTime();
            ErrorReply e = (ErrorReply) w.send(new Query(1, RUNAWAY, List.of(), 0, 0, 200));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(ms).isBetween(190L, 10_000L);
        }
    }

    @Test
    void loadExtensionIsOffAfterSqliteVecLoaded() throws Exception {
        try (WorkerProcess w = WorkerProcess.start()) {
            w.handshake(WorkerProcess.config(Role.WRITER, db()));
            ErrorReply e = (ErrorReply) w.send(new Query(1, "select load_extension('/tmp/anything')", List.of(), 0, 0, 0));
            assertThat(e.code()).isEqualTo(ErrorCode.SQL_ERROR);
            assertThat(e.message()).contains("not authorized");
            assertThat(ok(w.send(new Query(2, "select vec_version()", List.of(), 0, 0, 0))).rows().get(0))
                    .containsExactly("v0.1.9");
        }
    }

    @Test
    void readerIsReadOnlyAndRejectsWrites() throws Exception {
        try (WorkerProcess writer = WorkerProcess.start(); WorkerProcess reader = WorkerProcess.start()) {
            writer.handshake(WorkerProcess.config(Role.WRITER, db()));
            ok(writer.send(new Execute(1, "create table t(x)", List.of(), 0)));
            reader.handshake(WorkerProcess.config(Role.READER, db()));
            ErrorReply viaQuery = (ErrorReply) reader.send(new Query(2, "insert into t values (1)", List.of(), 0, 0, 0));
            assertThat(viaQuery.code()).isEqualTo(ErrorCode.SQL_ERROR);
            assertThat(viaQuery.message()).containsIgnoringCase("readonly");
            ErrorReply viaExecute = (ErrorReply) reader.send(new Execute(3, "insert into t values (1)", List.of(), 0));
            assertThat(viaExecute.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            ok(writer.send(new Execute(4, "insert into t values (42)", List.of(), 0)));
            assertThat(ok(reader.send(new Query(5, "select x from t", List.of(), 0, 0, 0))).rows().get(0))
                    .containsExactly(42L);
        }
    }

    @Test
    void batchIsAllOrNothing() throws Exception {
        try (WorkerProcess w = WorkerProcess.start()) {
            w.handshake(WorkerProcess.config(Role.WRITER, db()));
            ok(w.send(new Execute(1, "create table t(x integer primary key)", List.of(), 0)));
            ErrorReply failed = (ErrorReply) w.send(new Batch(2, List.of(
                    new SqlStatement("insert into t values (?)", List.of(1L)),
                    new SqlStatement("insert into t values (?)", List.of(1L))), 0));
            assertThat(failed.code()).isEqualTo(ErrorCode.SQL_ERROR);
            assertThat(failed.sqliteCode() & 0xff).isEqualTo(19); // SQLITE_CONSTRAINT
            assertThat(ok(w.send(new Query(3, "select count(*) from t", List.of(), 0, 0, 0))).rows().get(0))
                    .containsExactly(0L);
            Result done = ok(w.send(new Batch(4, List.of(
                    new SqlStatement("insert into t values (?)", List.of(5L)),
                    new SqlStatement("insert into t values (?)", List.of(6L))), 0)));
            assertThat(done.updates()).hasSize(2);
            assertThat(done.updates().get(1).lastInsertRowid()).isEqualTo(6);
            assertThat(done.changes()).isEqualTo(2);
        }
    }

    @Test
    void executeManyRollsBackWhenOneRowFails() throws Exception {
        try (WorkerProcess w = WorkerProcess.start()) {
            w.handshake(WorkerProcess.config(Role.WRITER, db()));
            ok(w.send(new Execute(1, "create table t(x integer primary key)", List.of(), 0)));
            ErrorReply failed = (ErrorReply) w.send(new ExecuteMany(2, "insert into t values (?)",
                    List.of(List.of(1L), List.of(2L), List.of(2L)), 0));
            assertThat(failed.code()).isEqualTo(ErrorCode.SQL_ERROR);
            assertThat(ok(w.send(new Query(3, "select count(*) from t", List.of(), 0, 0, 0))).rows().get(0))
                    .containsExactly(0L);
        }
    }

    @Test
    void resultsAreTruncatedByRowsAndBytesNeverUnbounded() throws Exception {
        try (WorkerProcess w = WorkerProcess.start()) {
            w.handshake(WorkerProcess.config(Role.WRITER, db()));
            String series = "with recursive c(x) as (select 1 union all select x + 1 from c where x < 1000) select x, "
                    + "printf('%.100c', 'a') from c";
            Result byRows = ok(w.send(new Query(1, series, List.of(), 10, 0, 0)));
            assertThat(byRows.rows()).hasSize(10);
            assertThat(byRows.truncated()).isTrue();
            Result byBytes = ok(w.send(new Query(2, series, List.of(), 0, 2_000, 0)));
            assertThat(byBytes.truncated()).isTrue();
            assertThat(byBytes.rows().size()).isBetween(10, 20);
            Result all = ok(w.send(new Query(3, series, List.of(), 0, 0, 0)));
            assertThat(all.rows()).hasSize(1000);
            assertThat(all.truncated()).isFalse();
        }
    }

    @Test
    void badParametersAndBadSqlAreTypedErrorsAndTheWorkerStays() throws Exception {
        try (WorkerProcess w = WorkerProcess.start()) {
            w.handshake(WorkerProcess.config(Role.WRITER, db()));
            ErrorReply count = (ErrorReply) w.send(new Query(1, "select ?", List.of(), 0, 0, 0));
            assertThat(count.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            ErrorReply syntax = (ErrorReply) w.send(new Query(2, "selec 1", List.of(), 0, 0, 0));
            assertThat(syntax.code()).isEqualTo(ErrorCode.SQL_ERROR);
            assertThat(syntax.sqliteCode()).isEqualTo(1);
            assertThat(ok(w.send(new Query(3, "select ?, ?, ?, ?, ?",
                    Values.copyRow(java.util.Arrays.asList(null, 7, 2.5, "s", new byte[] {1, 2})), 0, 0, 0)))
                    .rows().get(0)).hasSize(5);
        }
    }

    @Test
    void straySystemOutNeverCorruptsTheFrameStream() throws Exception {
        try (WorkerProcess w = WorkerProcess.start("-Dvecbox.testFaults=true")) {
            w.handshake(WorkerProcess.config(Role.WRITER, db()));
            Result r = ok(w.send(new Query(1, "select vecbox_fault('stdout')", List.of(), 0, 0, 0)));
            assertThat(r.rows().get(0)).containsExactly(1L);
            assertThat(ok(w.send(new Query(2, "select 2", List.of(), 0, 0, 0))).rows().get(0)).containsExactly(2L);
            assertThat(w.stderr()).contains("a stray println on System.out");
        }
    }

    @Test
    void stdinEofEndsTheWorkerWithinTwoSeconds() throws Exception {
        try (WorkerProcess w = WorkerProcess.start()) {
            w.handshake(WorkerProcess.config(Role.WRITER, db()));
            w.writer.write(new Query(1, RUNAWAY, List.of(), 0, 0, 0));
            w.process.getOutputStream().close();
            long start = System.nanoTime();
            w.process.onExit().get(2, TimeUnit.SECONDS);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2000);
        }
    }

    @Test
    void shutdownRequestExitsCleanly() throws Exception {
        try (WorkerProcess w = WorkerProcess.start()) {
            w.handshake(WorkerProcess.config(Role.WRITER, db()));
            w.writer.write(new Shutdown(1));
            assertThat(w.waitFor(10)).isZero();
            assertThat(w.reader.read()).isNull();
        }
    }

    @Test
    void workSentBackToBackRunsInOrderAndAShutdownBehindItWaitsForIt() throws Exception {
        try (WorkerProcess w = WorkerProcess.start()) {
            w.handshake(WorkerProcess.config(Role.WRITER, db()));
            // Nothing is read until everything is sent: the requests behind the slow one are read
            // while it runs, and must wait for it and for each other.
            w.writer.write(new Execute(1, "create table t(x)", List.of(), 0));
            w.writer.write(new Query(2, "with recursive c(x) as (select 1 union all select x + 1 from c "
                    + "where x < 300000) select count(*) from c", List.of(), 0, 0, 0));
            for (long i = 3; i <= 12; i++) {
                w.writer.write(new Execute(i, "insert into t values (?)", List.of(i), 0));
            }
            w.writer.write(new Query(13, "select group_concat(x) from t", List.of(), 0, 0, 0));
            w.writer.write(new Shutdown(14));
            for (long id = 1; id <= 13; id++) {
                Result r = ok(w.reader.read());
                assertThat(r.id()).isEqualTo(id);
                if (id == 2) {
                    assertThat(r.rows().get(0).get(0)).isEqualTo(300000L);
                }
                if (id == 13) {
                    assertThat(r.rows().get(0).get(0)).isEqualTo("3,4,5,6,7,8,9,10,11,12");
                }
            }
            assertThat(w.waitFor(10)).isZero();
            assertThat(w.reader.read()).isNull();
        }
    }

    @Test
    void faultRequestsAreRefusedWithoutTheTestFlag() throws Exception {
        try (WorkerProcess w = WorkerProcess.start("-Dvecbox.testFaultAtStart=exit:9")) {
            w.handshake(WorkerProcess.config(Role.WRITER, db()));
            for (String kind : List.of("halt", "segfault", "spin", "oom", "garbage")) {
                ErrorReply e = (ErrorReply) w.send(new Query(1, "select vecbox_fault('" + kind + "', 3)", List.of(), 0, 0, 0));
                assertThat(e.code()).as(kind).isEqualTo(ErrorCode.FAULT_REFUSED);
                assertThat(e.message()).contains("vecbox.testFaults");
            }
            assertThat(w.send(new Ping(2))).isInstanceOf(Pong.class);
            assertThat(w.process.isAlive()).isTrue();
        }
    }

    @Test
    void haltFaultExitsWithItsCode() throws Exception {
        try (WorkerProcess w = WorkerProcess.start("-Dvecbox.testFaults=true")) {
            w.handshake(WorkerProcess.config(Role.WRITER, db()));
            w.writer.write(new Query(1, "select vecbox_fault('halt', 7)", List.of(), 0, 0, 0));
            assertThat(w.waitFor(10)).isEqualTo(7);
            assertThat(w.reader.read()).as("stdout ends cleanly: halt came between frames").isNull();
        }
    }

    @Test
    void segfaultFaultKillsTheJvmBySignal() throws Exception {
        try (WorkerProcess w = WorkerProcess.start("-Dvecbox.testFaults=true", "-XX:-CreateCoredumpOnCrash",
                "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"))) {
            w.handshake(WorkerProcess.config(Role.WRITER, db()));
            w.writer.write(new Query(1, "select vecbox_fault('segfault')", List.of(), 0, 0, 0));
            int code = w.waitFor(20);
            // Without a core dump HotSpot ends a fatal error with exit(1), not abort(): the signal
            // itself is only in the crash log, which is why the supervisor reads it.
            assertThat(code).isEqualTo(1);
            Path crashLog = dir.resolve("hs_err_" + w.process.pid() + ".log");
            assertThat(crashLog).exists();
            assertThat(java.nio.file.Files.readString(crashLog)).contains("SIGSEGV");
            // HotSpot prints its fatal-error banner to fd 1 whatever the flags (its error stream is
            // bound before they are parsed): the supervisor reads it as garbage from a dying worker.
            assertThatThrownBy(w.reader::read).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("\"#\\n# \"");
        }
    }

    @Test
    void garbageFaultProducesAProtocolViolationForTheReader() throws Exception {
        try (WorkerProcess w = WorkerProcess.start("-Dvecbox.testFaults=true")) {
            w.handshake(WorkerProcess.config(Role.WRITER, db()));
            w.writer.write(new Query(1, "select vecbox_fault('garbage')", List.of(), 0, 0, 0));
            assertThatThrownBy(w.reader::read).isInstanceOf(ProtocolException.class);
        }
    }

    @Test
    void oomFaultExitsTheWorker() throws Exception {
        try (WorkerProcess w = WorkerProcess.start("-Dvecbox.testFaults=true", "-Xmx64m",
                "-XX:+ExitOnOutOfMemoryError")) {
            w.handshake(WorkerProcess.config(Role.WRITER, db()));
            w.writer.write(new Query(1, "select vecbox_fault('oom')", List.of(), 0, 0, 0));
            assertThat(w.waitFor(30)).isEqualTo(3);
            // Regression: HotSpot's "Terminating due to java.lang.OutOfMemoryError" once went to
            // fd 1 and reached the supervisor as a 1.4 GB "frame" ("Term" read as a length).
            assertThat(w.reader.read()).as("stdout ends cleanly, no VM message in it").isNull();
            assertThat(w.stderr()).contains("Terminating due to java.lang.OutOfMemoryError");
        }
    }

    @Test
    void spinFaultIgnoresCancelButPingStillAnswers() throws Exception {
        try (WorkerProcess w = WorkerProcess.start("-Dvecbox.testFaults=true")) {
            w.handshake(WorkerProcess.config(Role.WRITER, db()));
            w.writer.write(new Query(1, "select vecbox_fault('spin', 1500)", List.of(), 0, 0, 100));
            // Cancel only once the loop runs (the fault announces itself on stderr): a cancel that
            // lands earlier interrupts the statement before the loop starts, which proves nothing.
            while (!w.stderr().contains("test fault: spin")) {
                Thread.onSpinWait();
            }
            w.writer.write(new Cancel(1));
            Pong pong = (Pong) w.send(new Ping(2));
            assertThat(pong.busy()).isTrue();
            // The loop ignores interrupts, so it runs its full 1.5 s. SQLite may then notice the
            // pending interrupt or the passed deadline, or finish first: a result, CANCELLED and
            // TIMEOUT are all correct answers; an early answer is not.
            Message m = w.reader.read();
            long elapsedNanos;
            if (m instanceof Result r) {
                elapsedNanos = r.elapsedNanos();
            } else {
                ErrorReply e = (ErrorReply) m;
                assertThat(e.code()).isIn(ErrorCode.CANCELLED, ErrorCode.TIMEOUT);
                elapsedNanos = e.elapsedNanos();
            }
            assertThat(elapsedNanos).isGreaterThanOrEqualTo(1_400_000_000L);
        }
    }

    @Test
    void exitDuringStartupFault() throws Exception {
        try (WorkerProcess w = WorkerProcess.start("-Dvecbox.testFaults=true", "-Dvecbox.testFaultAtStart=exit:5")) {
            assertThat(w.waitFor(10)).isEqualTo(5);
            assertThat(w.reader.read()).isNull();
            assertThat(w.stderr()).contains("exiting during start-up");
        }
    }

    @Test
    void openFailureIsReportedThenTheWorkerExits() throws Exception {
        try (WorkerProcess w = WorkerProcess.start()) {
            w.hello();
            w.writer.write(WorkerProcess.config(Role.READER, dir.resolve("missing/nothing.db")));
            ErrorReply e = (ErrorReply) w.reader.read();
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_READY);
            assertThat(e.message()).contains("nothing.db");
            assertThat(w.waitFor(10)).isEqualTo(1);
        }
    }

    private static Result ok(Message m) {
        if (m instanceof ErrorReply e) {
            throw new AssertionError("expected a result, got " + e);
        }
        return (Result) m;
    }
}
