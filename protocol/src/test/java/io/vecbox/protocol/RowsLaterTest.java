package io.vecbox.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link MessageReader#readRowsLater}: an execute-many whose rows come last is handed over before
 * its rows are decoded; the rows then come one by one with the checks of a whole decode, and the
 * stream goes on exactly at the next frame.
 */
class RowsLaterTest {
    private static final int MAX_FRAME = Protocol.DEFAULT_MAX_FRAME_BYTES;

    /** @param rows how many (id, 1.5 KB vector blob) rows: 30 stay under 64 KiB, 1,000 pass 1 MiB */
    private static ExecuteMany load(long id, int rows) {
        Random random = new Random(id);
        List<List<Object>> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            byte[] blob = new byte[1536];
            random.nextBytes(blob);
            out.add(Arrays.asList((long) i, blob, i % 3 == 0 ? null : "r" + i, i * 0.25));
        }
        return new ExecuteMany(id, "insert into t values (?, ?, ?, ?)", out, 5000);
    }

    private static byte[] frames(Message... messages) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MessageWriter w = new MessageWriter(out, MAX_FRAME);
        for (Message m : messages) {
            w.write(m);
        }
        return out.toByteArray();
    }

    private static MessageReader reader(byte[] wire) {
        return new MessageReader(new ByteArrayInputStream(wire), MAX_FRAME);
    }

    @ParameterizedTest
    @ValueSource(ints = {30, 200, 1000})
    void theRowsComeOneByOneAfterTheRequestAndTheNextFrameFollows(int rows) throws IOException {
        ExecuteMany load = load(1, rows);
        MessageReader r = reader(frames(load, new Ping(2), load(3, 2)));
        Message head = r.readRowsLater();
        assertThat(head).isEqualTo(new ExecuteMany(1, load.sql(), List.of(), 5000));
        RowStream pending = r.pendingRows();
        assertThat(pending.size()).isEqualTo(rows);
        assertThat(pending.head()).isSameAs(head);
        for (int i = 0; i < rows; i++) {
            TestMessages.assertSameMessage(pending.next(), load.rows().get(i));
        }
        assertThat(pending.hasNext()).isFalse();
        assertThat(r.pendingRows()).isNull();
        assertThat(r.readRowsLater()).isEqualTo(new Ping(2));
        assertThat(r.pendingRows()).isNull();
        assertThat(r.readRowsLater()).isInstanceOf(ExecuteMany.class);
        TestMessages.assertSameMessage(r.pendingRows().collect(), load(3, 2));
        assertThat(r.read()).isNull();
    }

    @Test
    void rowsLeftBehindAreSkippedWithTheirChecksAndTheStreamGoesOn() throws IOException {
        MessageReader r = reader(frames(load(1, 1000), new Ping(9)));
        r.readRowsLater();
        RowStream pending = r.pendingRows();
        pending.next();
        pending.next();
        assertThatThrownBy(r::read).as("rows not taken").isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("execute-many 1");
        pending.skipRest();
        assertThat(r.read()).isEqualTo(new Ping(9));
    }

    @Test
    void aRequestWhoseRowsAreNotLastIsDecodedWhole() throws IOException {
        ExecuteMany load = load(4, 3);
        byte[] payload = MalformedMessageTest.packed(p -> {
            p.packMapHeader(5).packString("type").packString("execute-many").packString("id").packLong(4)
                    .packString("sql").packString(load.sql()).packString("rows").packArrayHeader(3);
            for (List<Object> row : load.rows()) {
                p.packArrayHeader(4).packLong((Long) row.get(0)).packBinaryHeader(1536).writePayload((byte[]) row.get(1));
                if (row.get(2) == null) {
                    p.packNil();
                } else {
                    p.packString((String) row.get(2));
                }
                p.packDouble((Double) row.get(3));
            }
            p.packString("timeoutMillis").packLong(5000);
        });
        MessageReader r = reader(TestMessages.frame(payload));
        TestMessages.assertSameMessage(r.readRowsLater(), load);
        assertThat(r.pendingRows()).isNull();
    }

    @Test
    void noRowsLeavesNothingPending() throws IOException {
        MessageReader r = reader(frames(new ExecuteMany(5, "x", List.of(), 0), new Ping(6)));
        assertThat(r.readRowsLater()).isEqualTo(new ExecuteMany(5, "x", List.of(), 0));
        assertThat(r.pendingRows()).isNull();
        assertThat(r.readRowsLater()).isEqualTo(new Ping(6));
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 2000})
    void aMalformedRowFailsWhenItIsReachedAfterTheRowsBeforeIt(int blobBytes) throws IOException {
        byte[] payload = MalformedMessageTest.packed(p -> {
            p.packMapHeader(4).packString("type").packString("execute-many").packString("id").packLong(7)
                    .packString("sql").packString("x").packString("rows").packArrayHeader(100);
            for (int i = 0; i < 100; i++) {
                p.packArrayHeader(2).packLong(i);
                if (i == 60) {
                    p.packMapHeader(0); // not a value
                } else {
                    p.packBinaryHeader(blobBytes).writePayload(new byte[blobBytes]);
                }
            }
        });
        MessageReader r = reader(TestMessages.frame(payload));
        r.readRowsLater();
        RowStream pending = r.pendingRows();
        for (int i = 0; i < 60; i++) {
            assertThat(pending.next()).element(0).isEqualTo((long) i);
        }
        assertThatThrownBy(pending::next).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("rows[60][1]").hasMessageContaining("map");
        assertThat(r.pendingRows()).as("given up").isNull();
        assertThat(pending.hasNext()).isFalse();
    }

    @Test
    void aRowThatIsNotAnArrayIsAProtocolViolation() throws IOException {
        byte[] payload = MalformedMessageTest.packed(p -> p.packMapHeader(4).packString("type")
                .packString("execute-many").packString("id").packLong(8).packString("sql").packString("x")
                .packString("rows").packArrayHeader(2).packArrayHeader(0).packLong(3));
        MessageReader r = reader(TestMessages.frame(payload));
        r.readRowsLater();
        RowStream pending = r.pendingRows();
        assertThat(pending.next()).isEmpty();
        assertThatThrownBy(pending::next).isInstanceOf(ProtocolException.class).hasMessageContaining("rows[1]")
                .hasMessageContaining("must be an array");
    }

    @ParameterizedTest
    @ValueSource(ints = {30, 1000})
    void bytesAfterTheLastRowFailTheLastRow(int rows) throws IOException {
        byte[] payload = TestMessages.payload(load(9, rows));
        MessageReader r = reader(TestMessages.frame(Arrays.copyOf(payload, payload.length + 2)));
        r.readRowsLater();
        RowStream pending = r.pendingRows();
        for (int i = 0; i < rows - 1; i++) {
            pending.next();
        }
        assertThatThrownBy(pending::next).isInstanceOf(ProtocolException.class).hasMessageContaining("2 bytes after");
    }

    @Test
    void theEncoderSendsRowsLast() throws IOException {
        MessageReader r = reader(frames(load(10, 2)));
        r.readRowsLater();
        assertThat(r.pendingRows()).as("rows last, so they can wait").isNotNull();
    }
}
