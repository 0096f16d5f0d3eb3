package io.vecbox.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.vecbox.protocol.Batch;
import io.vecbox.protocol.ErrorCode;
import io.vecbox.protocol.ErrorReply;
import io.vecbox.protocol.Execute;
import io.vecbox.protocol.ExecuteMany;
import io.vecbox.protocol.Message;
import io.vecbox.protocol.Query;
import io.vecbox.protocol.Result;
import io.vecbox.protocol.Role;
import io.vecbox.protocol.Shutdown;
import io.vecbox.protocol.SqlStatement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, items 1, 2 and 8 at the worker: it answers only once its connection is back in
 * autocommit, refuses transaction control itself, and checkpoints the WAL when it shuts down.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AutocommitIT {
    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve("test.db");
    }

    private static Result ok(Message m) {
        if (m instanceof ErrorReply e) {
            throw new AssertionError("expected a result, got " + e);
        }
        return (Result) m;
    }

    private static ErrorReply refused(Message m) {
        assertThat(m).isInstanceOf(ErrorReply.class);
        return (ErrorReply) m;
    }

    private static Query query(long id, String sql) {
        return new Query(id, sql, List.of(), 0, 0, 0);
    }

    @Test
    void aRequestThatLeavesATransactionOpenIsRolledBackAndAnsweredWithAnError() throws Exception {
        try (WorkerProcess writer = WorkerProcess.start(); WorkerProcess reader = WorkerProcess.start()) {
            writer.handshake(WorkerProcess.config(Role.WRITER, db()));
            reader.handshake(WorkerProcess.config(Role.READER, db()));
            ok(writer.send(new Execute(1, "create table t(x)", List.of(), 0)));
            // A query request has no keyword check of its own: only the autocommit check stands here.
            for (String sql : List.of("begin", "savepoint s")) {
                ErrorReply e = refused(writer.send(query(2, sql)));
                assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
                assertThat(e.message()).contains("left a transaction open on the writer").contains("rolled back");
            }
            ok(writer.send(new Execute(3, "insert into t values (1)", List.of(), 0)));
            assertThat(ok(reader.send(query(4, "select count(*) from t"))).rows().get(0)).containsExactly(1L);
            ErrorReply onReader = refused(reader.send(query(5, "begin")));
            assertThat(onReader.message()).contains("left a transaction open on the reader");
            ok(writer.send(new Execute(6, "insert into t values (2)", List.of(), 0)));
            assertThat(ok(reader.send(query(7, "select count(*) from t"))).rows().get(0))
                    .as("the reader is not stuck on an old snapshot").containsExactly(2L);
        }
    }

    @Test
    void transactionControlIsRefusedByTheWorkerBeforeAnythingRuns() throws Exception {
        try (WorkerProcess w = WorkerProcess.start()) {
            w.handshake(WorkerProcess.config(Role.WRITER, db()));
            ok(w.send(new Execute(1, "create table t(x)", List.of(), 0)));
            assertThat(refused(w.send(new Execute(2, " /* c */ BEGIN", List.of(), 0))).code())
                    .isEqualTo(ErrorCode.BAD_REQUEST);
            ErrorReply batch = refused(w.send(new Batch(3, List.of(new SqlStatement("insert into t values (1)", List.of()),
                    new SqlStatement("commit", List.of()), new SqlStatement("insert into t values (2)", List.of())), 0)));
            assertThat(batch.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(batch.message()).contains("transaction control (COMMIT)").contains("executeBatch");
            assertThat(refused(w.send(new ExecuteMany(4, "savepoint a", List.of(List.of()), 0))).code())
                    .isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(ok(w.send(query(5, "select count(*) from t"))).rows().get(0)).containsExactly(0L);
        }
    }

    @Test
    void theWriterCheckpointsAndTruncatesTheWalWhenItShutsDown() throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rows.add(List.of((long) i, new byte[10_000]));
        }
        Path wal = dir.resolve("test.db-wal");
        try (WorkerProcess writer = WorkerProcess.start(); WorkerProcess reader = WorkerProcess.start()) {
            writer.handshake(WorkerProcess.config(Role.WRITER, db()));
            reader.handshake(WorkerProcess.config(Role.READER, db()));
            ok(writer.send(new Execute(1, "create table t(id integer primary key, b blob)", List.of(), 0)));
            ok(writer.send(new ExecuteMany(2, "insert into t values (?, ?)", rows, 0)));
            assertThat(ok(reader.send(query(3, "select count(*) from t"))).rows().get(0)).containsExactly(200L);
            assertThat(Files.size(wal)).as("WAL while open").isGreaterThan(2_000_000L);
            // The reader is still alive (idle): it holds no snapshot, so the checkpoint can finish.
            writer.writer.write(new Shutdown(4));
            assertThat(writer.waitFor(30)).isZero();
            assertThat(writer.stderr()).doesNotContain("could not finish");
        }
        assertThat(Files.exists(wal) ? Files.size(wal) : 0L).as("WAL after the writer shut down").isZero();
    }
}
