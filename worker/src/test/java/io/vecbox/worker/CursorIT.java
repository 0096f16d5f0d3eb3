package io.vecbox.worker;

import static io.vecbox.worker.Replies.begin;
import static io.vecbox.worker.Replies.commit;
import static io.vecbox.worker.Replies.failed;
import static io.vecbox.worker.Replies.ok;
import static io.vecbox.worker.Replies.page;
import static io.vecbox.worker.Replies.query;
import static io.vecbox.worker.Replies.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import io.vecbox.protocol.Cancel;
import io.vecbox.protocol.CloseCursor;
import io.vecbox.protocol.Configure;
import io.vecbox.protocol.ErrorCode;
import io.vecbox.protocol.ErrorReply;
import io.vecbox.protocol.Execute;
import io.vecbox.protocol.ExecuteMany;
import io.vecbox.protocol.Fetch;
import io.vecbox.protocol.MessageEncoder;
import io.vecbox.protocol.OpenCursor;
import io.vecbox.protocol.Result;
import io.vecbox.protocol.Role;
import io.vecbox.protocol.Rows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Cursors: pages bounded by rows and bytes, several at once, idle expiry, snapshots. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CursorIT {
    private static final int N = 10_000;
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve("cursor.db");
    }

    /** A writer with table t holding ids 1..N and a text per row. */
    private WorkerProcess writer(int rows) throws Exception {
        WorkerProcess w = WorkerProcess.start();
        w.handshake(WorkerProcess.config(Role.WRITER, db()));
        ok(w.send(new Execute(1, "create table t(id integer primary key, label text, b blob)", List.of(), 0)));
        List<List<Object>> values = new ArrayList<>();
        for (int i = 1; i <= rows; i++) {
            values.add(java.util.Arrays.asList((long) i, "row " + i, null));
        }
        ok(w.send(new ExecuteMany(2, "insert into t(id, label, b) values (?, ?, ?)", values, 0)));
        return w;
    }

    private WorkerProcess reader(Configure config) throws Exception {
        WorkerProcess r = WorkerProcess.start();
        r.handshake(config);
        return r;
    }

    private WorkerProcess reader() throws Exception {
        return reader(WorkerProcess.config(Role.READER, db()));
    }

    /** Reads a cursor to its end, checking every page against its bounds; returns the ids in order. */
    private static List<Long> drain(WorkerProcess r, Rows first, long nextId, int fetchRows, long fetchBytes)
            throws Exception {
        List<Long> ids = new ArrayList<>();
        Rows page = first;
        while (true) {
            assertThat(page.columns()).containsExactly("id", "label");
            assertThat(page.rows()).as("a page before the end holds a row").isNotEmpty();
            if (fetchRows > 0) {
                assertThat(page.rows()).hasSizeLessThanOrEqualTo(fetchRows);
            }
            long bytes = rowBytes(page);
            assertThat(bytes).as("encoded rows of a page").isLessThanOrEqualTo(fetchBytes);
            page.rows().forEach(row -> ids.add((Long) row.get(0)));
            if (page.done()) {
                return ids;
            }
            page = page(r.send(new Fetch(nextId++, page.cursor(), fetchRows, fetchBytes, 0)));
        }
    }

    /** The page's rows as MessagePack: what fetchBytes bounds (plus a little per value). */
    private static long rowBytes(Rows page) {
        Rows rowsOnly = new Rows(page.id(), page.cursor(), List.of(), page.rows(), page.done());
        Rows empty = new Rows(page.id(), page.cursor(), List.of(), List.of(), page.done());
        return new MessageEncoder().encode(rowsOnly).size() - new MessageEncoder().encode(empty).size();
    }

    private static List<Long> oneTo(int n) {
        List<Long> ids = new ArrayList<>();
        for (long i = 1; i <= n; i++) {
            ids.add(i);
        }
        return ids;
    }

    @Test
    void pagedByRowsEveryRowArrivesOnceInOrderAndTheLastPageSaysDone() throws Exception {
        try (WorkerProcess w = writer(N); WorkerProcess r = reader()) {
            Rows first = page(r.send(new OpenCursor(10, "select id, label from t order by id", List.of(), 333, MIB, 0)));
            assertThat(first.cursor()).isEqualTo(10);
            assertThat(first.id()).isEqualTo(10);
            assertThat(first.rows()).hasSize(333);
            assertThat(drain(r, first, 11, 333, MIB)).isEqualTo(oneTo(N));
            ErrorReply after = failed(r.send(new Fetch(1000, 10, 333, MIB, 0)), ErrorCode.CURSOR_CLOSED);
            assertThat(after.message()).contains("already at its end");
        }
    }

    @Test
    void pagedByBytesEveryRowArrivesOnceInOrder() throws Exception {
        try (WorkerProcess w = writer(N); WorkerProcess r = reader()) {
            Rows first = page(r.send(new OpenCursor(10, "select id, label from t order by id", List.of(), 0, 4096, 0)));
            assertThat(rowBytes(first)).as("a page is not much smaller than its bound").isBetween(1000L, 4096L);
            assertThat(drain(r, first, 11, 0, 4096)).isEqualTo(oneTo(N));
        }
    }

    @Test
    void exactlyFilledLastPageSaysDoneAndAnEmptyResultIsDoneAtOnce() throws Exception {
        try (WorkerProcess w = writer(100); WorkerProcess r = reader()) {
            Rows first = page(r.send(new OpenCursor(10, "select id, label from t order by id", List.of(), 50, MIB, 0)));
            assertThat(first.done()).isFalse();
            Rows second = page(r.send(new Fetch(11, 10, 50, MIB, 0)));
            assertThat(second.rows()).hasSize(50);
            assertThat(second.done()).as("the worker reads one row ahead").isTrue();
            Rows empty = page(r.send(new OpenCursor(12, "select id, label from t where id < 0", List.of(), 5, MIB, 0)));
            assertThat(empty.rows()).isEmpty();
            assertThat(empty.columns()).containsExactly("id", "label");
            assertThat(empty.done()).isTrue();
        }
    }

    @Test
    void aRowLargerThanFetchBytesTravelsAloneAndOneLargerThanAFrameFails() throws Exception {
        try (WorkerProcess w = writer(0)) {
            ok(w.send(new Execute(3, "insert into t(id, label, b) values (1, 'a', zeroblob(10000)), "
                    + "(2, 'b', zeroblob(10000)), (3, 'c', zeroblob(300000)), (4, 'd', null)", List.of(), 0)));
            Configure small = WorkerProcess.config(Role.READER, db());
            small = new Configure(small.name(), small.role(), small.database(), small.sqliteVec(), small.pragmas(),
                    small.busyTimeoutMillis(), small.maxRows(), small.maxResultBytes(), small.statementCacheSize(),
                    small.limits(), small.gate(), 200_000, small.deniedFunctions(), small.memoryLimitBytes(),
                    small.boundedFunctions(), small.cursorIdleMillis());
            try (WorkerProcess r = reader(small)) {
                Rows first = page(r.send(new OpenCursor(10, "select id, b from t order by id", List.of(), 0, 100, 0)));
                assertThat(first.rows()).hasSize(1);
                assertThat(((byte[]) first.rows().get(0).get(1))).hasSize(10_000);
                assertThat(page(r.send(new Fetch(11, 10, 0, 100, 0))).rows()).hasSize(1);
                ErrorReply tooBig = failed(r.send(new Fetch(12, 10, 0, 100, 0)), ErrorCode.SQL_ERROR);
                assertThat(tooBig.message()).contains("row of 3000").contains("exceeds").contains("200000");
                assertThat(failed(r.send(new Fetch(13, 10, 0, 100, 0)), ErrorCode.CURSOR_CLOSED).message())
                        .contains("closed when fetch 12 failed (SQL_ERROR)");
            }
        }
    }

    @Test
    void severalCursorsOnOneWorkerPageIndependently() throws Exception {
        try (WorkerProcess w = writer(1000); WorkerProcess r = reader()) {
            Rows up = page(r.send(new OpenCursor(10, "select id, label from t order by id", List.of(), 100, MIB, 0)));
            Rows down = page(r.send(new OpenCursor(11, "select id, label from t order by id desc", List.of(), 7, MIB,
                    0)));
            Rows odd = page(r.send(new OpenCursor(12, "select id, label from t where id % 2 = ? order by id",
                    List.of(1L), 0, 2048, 0)));
            assertThat(scalar(r.send(query(13, "select count(*) from t")))).isEqualTo(1000L);
            assertThat(drain(r, odd, 100, 0, 2048)).hasSize(500).allMatch(id -> id % 2 == 1);
            List<Long> desc = drain(r, down, 2000, 7, MIB);
            assertThat(drain(r, up, 3000, 100, MIB)).isEqualTo(oneTo(1000));
            assertThat(desc).hasSize(1000).startsWith(1000L, 999L).endsWith(1L);
        }
    }

    @Test
    void closeCursorIsIdempotentAndFetchSaysWhyACursorIsGone() throws Exception {
        try (WorkerProcess w = writer(100); WorkerProcess r = reader()) {
            page(r.send(new OpenCursor(10, "select id, label from t", List.of(), 10, MIB, 0)));
            Result closed = ok(r.send(new CloseCursor(11, 10)));
            assertThat(closed.rows()).isEmpty();
            ok(r.send(new CloseCursor(12, 10)));
            ok(r.send(new CloseCursor(13, 999)));
            assertThat(failed(r.send(new Fetch(14, 10, 10, MIB, 0)), ErrorCode.CURSOR_CLOSED).message())
                    .contains("closed by closeCursor");
            assertThat(failed(r.send(new Fetch(15, 777, 10, MIB, 0)), ErrorCode.CURSOR_CLOSED).message())
                    .contains("never opened");
        }
    }

    @Test
    void anIdleCursorIsClosedByTheWorkerOnItsOwnAndReleasesItsSnapshot() throws Exception {
        Configure config = WorkerProcess.config(Role.READER, db()).withCursorIdleMillis(300);
        try (WorkerProcess w = writer(1000); WorkerProcess r = reader(config)) {
            page(r.send(new OpenCursor(10, "select id, label from t order by id", List.of(), 10, MIB, 0)));
            ok(w.send(new Execute(3, "insert into t(label) values ('new')", List.of(), 0)));
            ok(w.send(new Execute(4, "update t set label = 'x' where id < 100", List.of(), 0)));
            List<Object> held = ok(w.send(query(5, "pragma wal_checkpoint(passive)"))).rows().get(0);
            assertThat((Long) held.get(2)).as("frames checkpointed while the cursor holds its snapshot")
                    .isLessThan((Long) held.get(1));
            long start = System.nanoTime();
            // Nothing is sent to the reader: its statement loop must wake up by itself to expire the cursor.
            List<Object> after;
            do {
                Thread.sleep(50);
                after = ok(w.send(query(6, "pragma wal_checkpoint(passive)"))).rows().get(0);
            } while (!after.get(2).equals(after.get(1)) && System.nanoTime() - start < 10_000_000_000L);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(after.get(2)).as("all frames checkpointed after %d ms", millis).isEqualTo(after.get(1));
            assertThat(millis).isBetween(150L, 5_000L);
            ErrorReply expired = failed(r.send(new Fetch(11, 10, 10, MIB, 0)), ErrorCode.CURSOR_CLOSED);
            assertThat(expired.message()).contains("closed after 300 ms idle (cursorIdleMillis)");
        }
    }

    @Test
    void aReaderCursorKeepsItsSnapshotUntilClosed() throws Exception {
        try (WorkerProcess w = writer(100); WorkerProcess r = reader()) {
            Rows first = page(r.send(new OpenCursor(10, "select id, label from t order by id", List.of(), 10, MIB, 0)));
            List<List<Object>> more = new ArrayList<>();
            for (long i = 101; i <= 200; i++) {
                more.add(List.of(i, "late " + i));
            }
            ok(w.send(new ExecuteMany(3, "insert into t(id, label) values (?, ?)", more, 0)));
            assertThat(scalar(r.send(query(11, "select count(*) from t"))))
                    .as("a query on the reader shares the open cursor's snapshot").isEqualTo(100L);
            assertThat(drain(r, first, 12, 10, MIB)).isEqualTo(oneTo(100));
            assertThat(scalar(r.send(query(100, "select count(*) from t")))).as("after the cursor ended").isEqualTo(200L);

            page(r.send(new OpenCursor(101, "select id, label from t order by id", List.of(), 10, MIB, 0)));
            ok(w.send(new Execute(102, "delete from t where id > 100", List.of(), 0)));
            assertThat(scalar(r.send(query(103, "select count(*) from t")))).isEqualTo(200L);
            ok(r.send(new CloseCursor(104, 101)));
            assertThat(scalar(r.send(query(105, "select count(*) from t")))).as("after closeCursor").isEqualTo(100L);
        }
    }

    @Test
    void onTheWriterACursorNeedsAHeldTransactionAndSeesItsWrites() throws Exception {
        try (WorkerProcess w = writer(10)) {
            assertThat(failed(w.send(new OpenCursor(10, "select id, label from t", List.of(), 5, MIB, 0)),
                    ErrorCode.BAD_REQUEST).message()).contains("held transaction");
            ok(w.send(begin(11)));
            ok(w.send(new Execute(12, "insert into t(id, label) values (11, 'mine')", List.of(), 0)));
            Rows first = page(w.send(new OpenCursor(13, "select id, label from t order by id desc", List.of(), 5, MIB,
                    0)));
            assertThat(first.rows().get(0)).containsExactly(11L, "mine");
            ok(w.send(commit(14)));
            assertThat(failed(w.send(new Fetch(15, 13, 5, MIB, 0)), ErrorCode.CURSOR_CLOSED).message())
                    .contains("closed when the transaction ended (commit)");
            assertThat(scalar(w.send(query(16, "select count(*) from t")))).isEqualTo(11L);
        }
    }

    @Test
    void aFetchHasItsOwnDeadlineAndCancel() throws Exception {
        String slow = "with recursive c(i) as (select 1 union all select i + 1 from c) "
                + "select i as id, 'x' as label from c where i % 1000000000 = 0 or i < 3";
        try (WorkerProcess w = writer(0); WorkerProcess r = reader()) {
            Rows first = page(r.send(new OpenCursor(10, slow, List.of(), 1, MIB, 5000)));
            assertThat(first.rows()).hasSize(1);
            long start = System.nanoTime();
            ErrorReply timeout = failed(r.send(new Fetch(11, 10, 5, MIB, 200)), ErrorCode.TIMEOUT);
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(150L, 10_000L);
            assertThat(timeout.message()).contains("deadline");
            assertThat(failed(r.send(new Fetch(12, 10, 1, MIB, 0)), ErrorCode.CURSOR_CLOSED).message())
                    .contains("closed when fetch 11 failed (TIMEOUT)");

            page(r.send(new OpenCursor(20, slow, List.of(), 1, MIB, 0)));
            r.writer.write(new Fetch(21, 20, 5, MIB, 0));
            r.writer.write(new Cancel(21));
            failed(r.reader.read(), ErrorCode.CANCELLED);
            assertThat(scalar(r.send(query(22, "select 1")))).isEqualTo(1L);
        }
    }
}
