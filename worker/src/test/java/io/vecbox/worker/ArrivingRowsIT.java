package io.vecbox.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.vecbox.protocol.ErrorCode;
import io.vecbox.protocol.ErrorReply;
import io.vecbox.protocol.Execute;
import io.vecbox.protocol.ExecuteMany;
import io.vecbox.protocol.Message;
import io.vecbox.protocol.Query;
import io.vecbox.protocol.Result;
import io.vecbox.protocol.Role;
import io.vecbox.protocol.Shutdown;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * An execute-many past 64 KiB runs row by row while its frame arrives: still all or nothing, the
 * stream stays in step whatever the request did, and a frame that turns out broken half-way
 * leaves nothing in the file.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ArrivingRowsIT {
    private static final int ROWS = 2_000;
    private static final int BLOB = 1536;
    private static final String RUNAWAY = "with recursive c(x) as (select 1 union all select x + 1 from c) "
            + "select count(*) from c";

    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve("arriving.db");
    }

    /** @param duplicateAt a row whose id repeats the row before it (fails on the primary key), or -1 */
    private static List<List<Object>> rows(int first, int duplicateAt) {
        List<List<Object>> rows = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            long id = first + (i == duplicateAt ? i - 1 : i);
            byte[] b = new byte[BLOB];
            Arrays.fill(b, (byte) i);
            rows.add(List.of(id, b));
        }
        return rows;
    }

    private static WorkerProcess writer(Path db) throws IOException {
        WorkerProcess w = WorkerProcess.start();
        w.handshake(WorkerProcess.config(Role.WRITER, db));
        Replies.ok(w.send(new Execute(1, "create table t(id integer primary key, b blob not null)", List.of(), 0)));
        return w;
    }

    /** Read in-process after the worker has gone. */
    private long countInFile() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*), coalesce(sum(length(b)), 0) from t")) {
            rs.next();
            assertThat(rs.getLong(2)).isEqualTo(rs.getLong(1) * BLOB);
            return rs.getLong(1);
        }
    }

    @Test
    void aFailingRowLateInALargeLoadLeavesNothingAndTheRequestsBehindItAreAnswered() throws Exception {
        try (WorkerProcess w = writer(db())) {
            // Sent back to back: the query behind it must be read where the load's frame ends.
            w.writer.write(new ExecuteMany(2, "insert into t values (?, ?)", rows(1, 1_500), 0));
            w.writer.write(new Query(3, "select count(*) from t", List.of(), 0, 0, 0));
            ErrorReply failed = (ErrorReply) w.reader.read();
            assertThat(failed.id()).isEqualTo(2);
            assertThat(failed.code()).isEqualTo(ErrorCode.SQL_ERROR);
            assertThat(failed.sqliteCode() & 0xff).isEqualTo(19); // SQLITE_CONSTRAINT
            Result count = Replies.ok(w.reader.read());
            assertThat(count.id()).isEqualTo(3);
            assertThat(count.rows().get(0)).containsExactly(0L);

            Result loaded = Replies.ok(w.send(new ExecuteMany(4, "insert into t values (?, ?)", rows(1, -1), 0)));
            assertThat(loaded.changes()).isEqualTo(ROWS);
            assertThat(loaded.lastInsertRowid()).isEqualTo(ROWS);
            w.writer.write(new Shutdown(5));
            assertThat(w.waitFor(20)).isZero();
        }
        assertThat(countInFile()).isEqualTo(ROWS);
    }

    @Test
    void aLoadReadWhileAnotherRequestRunsWaitsWholeAndRunsAfterIt() throws Exception {
        try (WorkerProcess w = writer(db())) {
            // A query that runs until its deadline keeps the connection while the load arrives
            // (read by the other request thread); then another load, streamed, and a count.
            w.writer.write(new Query(2, RUNAWAY, List.of(), 0, 0, 300));
            w.writer.write(new ExecuteMany(3, "insert into t values (?, ?)", rows(1, -1), 0));
            w.writer.write(new ExecuteMany(4, "insert into t values (?, ?)", rows(1 + ROWS, -1), 0));
            w.writer.write(new Query(5, "select count(*) from t", List.of(), 0, 0, 0));
            ErrorReply timedOut = (ErrorReply) w.reader.read();
            assertThat(timedOut.id()).isEqualTo(2);
            assertThat(timedOut.code()).isEqualTo(ErrorCode.TIMEOUT);
            for (long id = 3; id <= 4; id++) {
                Result loaded = Replies.ok(w.reader.read());
                assertThat(loaded.id()).isEqualTo(id);
                assertThat(loaded.changes()).isEqualTo(ROWS);
            }
            assertThat(Replies.ok(w.reader.read()).rows().get(0)).containsExactly(2L * ROWS);
            w.writer.write(new Shutdown(6));
            assertThat(w.waitFor(20)).isZero();
        }
        assertThat(countInFile()).isEqualTo(2L * ROWS);
    }

    @Test
    void aMalformedRowAfterRowsThatRanIsAViolationAndNothingOfTheLoadIsInTheFile() throws Exception {
        WorkerProcess w = writer(db());
        try {
            byte[] payload;
            try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
                p.packMapHeader(4).packString("type").packString("execute-many").packString("id").packLong(2)
                        .packString("sql").packString("insert into t values (?, ?)")
                        .packString("rows").packArrayHeader(ROWS);
                for (int i = 0; i < ROWS; i++) {
                    p.packArrayHeader(2).packLong(i + 1);
                    if (i == 1_800) {
                        p.packArrayHeader(0); // not a value: a violation, found after 1,800 rows ran
                    } else {
                        p.packBinaryHeader(BLOB).writePayload(new byte[BLOB]);
                    }
                }
                payload = p.toByteArray();
            }
            OutputStream out = w.process.getOutputStream();
            try {
                out.write(new byte[] {(byte) (payload.length >>> 24), (byte) (payload.length >>> 16),
                        (byte) (payload.length >>> 8), (byte) payload.length});
                out.write(payload);
                out.flush();
            } catch (IOException expected) {
                // the worker stopped reading at the broken row and exited: the rest of the frame is refused
            }
            assertThat(w.waitFor(20)).isEqualTo(Worker.EXIT_PROTOCOL);
            assertThat(w.stderr()).contains("protocol violation inside execute-many 2").contains("rows[1800][1]");
            Message none = w.reader.read();
            assertThat(none).as("no answer to a broken request").isNull();
        } finally {
            w.close();
        }
        assertThat(countInFile()).isZero();
    }
}
