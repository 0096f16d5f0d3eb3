package io.vecbox.worker;

import static io.vecbox.worker.Replies.begin;
import static io.vecbox.worker.Replies.commit;
import static io.vecbox.worker.Replies.failed;
import static io.vecbox.worker.Replies.ok;
import static io.vecbox.worker.Replies.page;
import static io.vecbox.worker.Replies.query;
import static io.vecbox.worker.Replies.rollback;
import static io.vecbox.worker.Replies.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import io.vecbox.protocol.Batch;
import io.vecbox.protocol.Cancel;
import io.vecbox.protocol.ErrorCode;
import io.vecbox.protocol.ErrorReply;
import io.vecbox.protocol.Execute;
import io.vecbox.protocol.ExecuteMany;
import io.vecbox.protocol.Fetch;
import io.vecbox.protocol.OpenCursor;
import io.vecbox.protocol.Query;
import io.vecbox.protocol.Result;
import io.vecbox.protocol.Role;
import io.vecbox.protocol.Rows;
import io.vecbox.protocol.Shutdown;
import io.vecbox.protocol.SqlStatement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Transactions held across requests ({@code transaction begin/commit/rollback}) on a real worker. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HeldTransactionIT {
    /** A write that never ends on its own: only an interrupt stops it. */
    private static final String RUNAWAY_WRITE = "insert into t(x) with recursive c(i) as (select 1 union all "
            + "select i + 1 from c) select i from c";
    private static final String RUNAWAY_READ = "with recursive c(i) as (select 1 union all select i + 1 from c) "
            + "select count(*) from c";

    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve("held.db");
    }

    private static Execute execute(long id, String sql) {
        return new Execute(id, sql, List.of(), 0);
    }

    private WorkerProcess writer() throws Exception {
        WorkerProcess w = WorkerProcess.start();
        w.handshake(WorkerProcess.config(Role.WRITER, db()));
        ok(w.send(execute(1, "create table t(id integer primary key, x unique)")));
        return w;
    }

    private WorkerProcess reader() throws Exception {
        WorkerProcess r = WorkerProcess.start();
        r.handshake(WorkerProcess.config(Role.READER, db()));
        return r;
    }

    @Test
    void aHeldTransactionReadsItsOwnWritesAndOthersSeeThemOnlyAfterCommit() throws Exception {
        try (WorkerProcess w = writer(); WorkerProcess r = reader()) {
            Result begun = ok(w.send(begin(2)));
            assertThat(begun.changes()).isZero();
            assertThat(begun.rows()).isEmpty();
            assertThat(ok(w.send(execute(3, "insert into t(x) values ('a')"))).changes()).isEqualTo(1);
            ok(w.send(execute(4, "insert into t(x) values ('b')")));
            assertThat(scalar(w.send(query(5, "select count(*) from t")))).as("own writes").isEqualTo(2L);
            assertThat(scalar(r.send(query(6, "select count(*) from t")))).as("reader before commit").isEqualTo(0L);
            ok(w.send(commit(7)));
            assertThat(scalar(r.send(query(8, "select count(*) from t")))).as("reader after commit").isEqualTo(2L);
            ok(w.send(execute(9, "insert into t(x) values ('c')")));
            assertThat(scalar(r.send(query(10, "select count(*) from t")))).as("autocommit again").isEqualTo(3L);
        }
    }

    @Test
    void rollbackDiscardsEverythingSinceBegin() throws Exception {
        try (WorkerProcess w = writer(); WorkerProcess r = reader()) {
            ok(w.send(execute(2, "insert into t(x) values ('kept')")));
            ok(w.send(begin(3)));
            ok(w.send(execute(4, "insert into t(x) values ('gone')")));
            ok(w.send(execute(5, "create table u(a)")));
            ok(w.send(rollback(6)));
            assertThat(ok(w.send(query(7, "select x from t"))).rows()).containsExactly(List.of("kept"));
            assertThat(failed(w.send(query(8, "select * from u")), ErrorCode.SQL_ERROR).message())
                    .contains("no such table");
            assertThat(scalar(r.send(query(9, "select count(*) from t")))).isEqualTo(1L);
        }
    }

    @Test
    void aFailingBatchInsideAHeldTransactionRollsBackOnlyItselfAndTheTransactionStaysUsable() throws Exception {
        try (WorkerProcess w = writer(); WorkerProcess r = reader()) {
            ok(w.send(begin(2)));
            ok(w.send(execute(3, "insert into t(x) values ('before')")));
            ErrorReply batch = failed(w.send(new Batch(4, List.of(
                    new SqlStatement("insert into t(x) values ('batch-1')", List.of()),
                    new SqlStatement("insert into t(x) values ('before')", List.of())), 0)), ErrorCode.SQL_ERROR);
            assertThat(batch.message()).contains("UNIQUE");
            ErrorReply many = failed(w.send(new ExecuteMany(5, "insert into t(x) values (?)",
                    List.of(List.of("many-1"), List.of("many-1")), 0)), ErrorCode.SQL_ERROR);
            assertThat(many.message()).contains("UNIQUE");
            Result good = ok(w.send(new Batch(6, List.of(
                    new SqlStatement("insert into t(x) values ('batch-2')", List.of()),
                    new SqlStatement("update t set x = x || '!' where x = 'before'", List.of())), 0)));
            assertThat(good.changes()).isEqualTo(2);
            assertThat(ok(w.send(new ExecuteMany(7, "insert into t(x) values (?)",
                    List.of(List.of("many-2"), List.of("many-3")), 0))).changes()).isEqualTo(2);
            assertThat(scalar(r.send(query(8, "select count(*) from t")))).as("nothing committed yet").isEqualTo(0L);
            ok(w.send(commit(9)));
            assertThat(ok(r.send(query(10, "select x from t order by id"))).rows()).containsExactly(
                    List.of("before!"), List.of("batch-2"), List.of("many-2"), List.of("many-3"));
        }
    }

    /**
     * SQLite rolls the whole transaction back when a writing statement inside it is interrupted
     * (vdbeaux.c sqlite3VdbeHalt: SQLITE_INTERRUPT of a statement that is not read-only): the
     * request is answered TRANSACTION_LOST, and the worker is back in autocommit.
     */
    @Test
    void aWriteInterruptedAtItsDeadlineLosesTheTransaction() throws Exception {
        try (WorkerProcess w = writer(); WorkerProcess r = reader()) {
            ok(w.send(begin(2)));
            ok(w.send(execute(3, "insert into t(x) values ('lost'), ('lost too')")));
            Rows open = page(w.send(new OpenCursor(30, "select x from t order by id", List.of(), 1, 1 << 20, 0)));
            assertThat(open.rows()).containsExactly(List.of("lost"));
            assertThat(open.done()).isFalse();
            long start = System.nanoTime();
            ErrorReply lost = failed(w.send(new Execute(4, RUNAWAY_WRITE, List.of(), 300)), ErrorCode.TRANSACTION_LOST);
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(250L, 10_000L);
            assertThat(lost.rule()).isEqualTo("TIMEOUT");
            assertThat(lost.sqliteCode()).isEqualTo(9);
            assertThat(lost.message()).contains("deadline").contains("SQLite rolled back the transaction");
            assertThat(failed(w.send(commit(5)), ErrorCode.BAD_REQUEST).message()).contains("no transaction is open");
            assertThat(failed(w.send(new Fetch(31, 30, 1, 1 << 20, 0)), ErrorCode.CURSOR_CLOSED).message())
                    .isEqualTo("cursor 30: closed when the transaction ended (lost)");
            assertThat(scalar(w.send(query(6, "select count(*) from t")))).isEqualTo(0L);
            ok(w.send(execute(7, "insert into t(x) values ('autocommit')")));
            assertThat(ok(r.send(query(8, "select x from t"))).rows()).containsExactly(List.of("autocommit"));
        }
    }

    @Test
    void aCancelledWriteLosesTheTransactionButAnInterruptedReadDoesNot() throws Exception {
        try (WorkerProcess w = writer(); WorkerProcess r = reader()) {
            ok(w.send(begin(2)));
            ok(w.send(execute(3, "insert into t(x) values ('kept')")));
            failed(w.send(new Query(4, RUNAWAY_READ, List.of(), 0, 0, 200)), ErrorCode.TIMEOUT);
            ok(w.send(execute(5, "insert into t(x) values ('kept too')")));
            ok(w.send(commit(6)));
            assertThat(scalar(r.send(query(7, "select count(*) from t")))).isEqualTo(2L);

            ok(w.send(begin(8)));
            ok(w.send(execute(9, "insert into t(x) values ('lost')")));
            w.writer.write(new Execute(10, RUNAWAY_WRITE, List.of(), 0));
            // Whether the cancel finds it running or still queued, the write is interrupted.
            w.writer.write(new Cancel(10));
            ErrorReply lost = failed(w.reader.read(), ErrorCode.TRANSACTION_LOST);
            assertThat(lost.rule()).isEqualTo("CANCELLED");
            assertThat(failed(w.send(rollback(11)), ErrorCode.BAD_REQUEST).message()).contains("no transaction is open");
            assertThat(scalar(r.send(query(12, "select count(*) from t")))).isEqualTo(2L);
        }
    }

    @Test
    void transactionRequestsOutOfOrderAreBadRequestsAndChangeNothing() throws Exception {
        try (WorkerProcess w = writer()) {
            assertThat(failed(w.send(commit(2)), ErrorCode.BAD_REQUEST).message())
                    .contains("commit").contains("no transaction is open");
            assertThat(failed(w.send(rollback(3)), ErrorCode.BAD_REQUEST).message())
                    .contains("rollback").contains("no transaction is open");
            ok(w.send(begin(4)));
            ok(w.send(execute(5, "insert into t(x) values ('a')")));
            assertThat(failed(w.send(begin(6)), ErrorCode.BAD_REQUEST).message()).contains("already open");
            failed(w.send(execute(7, "commit")), ErrorCode.BAD_REQUEST);
            failed(w.send(execute(8, "savepoint s")), ErrorCode.BAD_REQUEST);
            assertThat(failed(w.send(query(80, "commit")), ErrorCode.BAD_REQUEST).message())
                    .contains("transaction control (COMMIT) inside a held transaction");
            // A constraint failure ends only its statement: the transaction is still there.
            failed(w.send(execute(9, "insert into t(x) values ('a')")), ErrorCode.SQL_ERROR);
            assertThat(scalar(w.send(query(10, "select count(*) from t")))).isEqualTo(1L);
            ok(w.send(rollback(11)));
            assertThat(scalar(w.send(query(12, "select count(*) from t")))).isEqualTo(0L);
        }
    }

    @Test
    void aReaderTransactionIsASnapshotUntilItEnds() throws Exception {
        try (WorkerProcess w = writer(); WorkerProcess r = reader()) {
            ok(w.send(execute(2, "insert into t(x) values ('one')")));
            ok(r.send(begin(3)));
            assertThat(scalar(r.send(query(4, "select count(*) from t")))).isEqualTo(1L);
            ok(w.send(execute(5, "insert into t(x) values ('two')")));
            assertThat(scalar(r.send(query(6, "select count(*) from t")))).as("same snapshot").isEqualTo(1L);
            failed(r.send(execute(7, "insert into t(x) values ('no')")), ErrorCode.BAD_REQUEST);
            assertThat(scalar(r.send(query(8, "select count(*) from t")))).as("still held").isEqualTo(1L);
            ok(r.send(commit(9)));
            assertThat(scalar(r.send(query(10, "select count(*) from t")))).isEqualTo(2L);
            ok(r.send(begin(11)));
            ok(r.send(rollback(12)));
        }
    }

    @Test
    void aShutdownRollsBackAHeldTransactionAndStillCheckpoints() throws Exception {
        Path wal = dir.resolve("held.db-wal");
        try (WorkerProcess w = writer(); WorkerProcess r = reader()) {
            ok(w.send(begin(2)));
            ok(w.send(execute(3, "insert into t(x) values ('never committed')")));
            r.writer.write(new Shutdown(4));
            assertThat(r.waitFor(30)).isZero();
            w.writer.write(new Shutdown(5));
            assertThat(w.waitFor(30)).isZero();
            assertThat(w.stderr()).doesNotContain("checkpoint");
        }
        assertThat(Files.exists(wal) ? Files.size(wal) : 0L).as("WAL after the writer shut down").isZero();
        try (WorkerProcess r = reader()) {
            assertThat(scalar(r.send(query(6, "select count(*) from t")))).isEqualTo(0L);
        }
    }
}
