package io.vecbox.protocol;

import static io.vecbox.protocol.TestMessages.assertSameMessage;
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

/**
 * A large execute-many is written while it is encoded ({@link StreamedFrame}): its frame must be
 * byte for byte the frame the buffered encoder makes, or the worker reads garbage from there on.
 */
class StreamedWriteTest {
    private static final int MAX_FRAME = Protocol.DEFAULT_MAX_FRAME_BYTES;

    /** The frame the buffered path writes: the payload encoded whole, then framed. */
    private static byte[] buffered(Message m) {
        return TestMessages.frame(TestMessages.payload(m));
    }

    private static byte[] written(Message m, int maxFrame) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MessageWriter(out, maxFrame).write(m);
        return out.toByteArray();
    }

    private static void assertStreamedLikeBuffered(ExecuteMany x) throws IOException {
        assertStreamedLikeBuffered(x, true);
    }

    /** @param decodes whether it decodes to itself (not with unpaired surrogates, which travel as '?') */
    private static void assertStreamedLikeBuffered(ExecuteMany x, boolean decodes) throws IOException {
        assertThat(StreamedFrame.worthStreaming(x)).as("streamed").isTrue();
        byte[] frame = written(x, MAX_FRAME);
        assertThat(frame).isEqualTo(buffered(x));
        assertThat(StreamedFrame.exactSize(x)).isEqualTo(frame.length - 4);
        MessageReader reader = new MessageReader(new ByteArrayInputStream(frame), MAX_FRAME);
        Message decoded = reader.read();
        if (decodes) {
            assertSameMessage(decoded, x);
        }
        assertThat(reader.read()).isNull();
    }

    /** Values at every boundary of MessagePack's formats. */
    private static List<Object> boundaryValues() {
        List<Object> values = new ArrayList<>(Arrays.asList(null, 0.0, -0.0, Double.NaN, 1e300));
        long[] edges = {0, 1, 127, 128, 255, 256, 65535, 65536, (1L << 32) - 1, 1L << 32, Long.MAX_VALUE,
            -1, -32, -33, -128, -129, -32768, -32769, Integer.MIN_VALUE, (long) Integer.MIN_VALUE - 1, Long.MIN_VALUE};
        for (long e : edges) {
            values.add(e);
        }
        for (int len : new int[] {0, 1, 31, 32, 255, 256, 511, 512, 513, 65535, 65536, 70_000}) {
            values.add("a".repeat(len));
            values.add(new byte[len]);
        }
        for (int len : new int[] {8191, 8192, 8193, 16384, 16385, 65535 + 16, 200_000}) {
            byte[] b = new byte[len];
            new Random(len).nextBytes(b);
            values.add(b);
        }
        // two- three- and four-byte characters, and unpaired surrogates (sent as '?')
        values.add("é".repeat(16));
        values.add("é".repeat(128));
        values.add("€".repeat(11));
        values.add("€".repeat(85) + "x");
        values.add("𝄞".repeat(8));
        values.add("𝄞".repeat(20_000));
        values.add("lone \uD834 high, lone \uDD1E low, reversed \uDD1E\uD834 end");
        values.add("\uD834".repeat(600));
        values.add("x".repeat(600) + "\uDD1E");
        values.add("ü".repeat(40_000));
        return values;
    }

    @Test
    void everyValueFormatComesOutAsTheBufferedEncoderWritesIt() throws IOException {
        List<Object> values = boundaryValues();
        List<List<Object>> rows = new ArrayList<>();
        for (Object v : values) {
            rows.add(Arrays.asList(v));
            rows.add(Arrays.asList(7L, v, "tail"));
        }
        rows.add(values); // one wide row: an array16 header
        rows.add(Arrays.asList(new Object[15]));
        rows.add(Arrays.asList(new Object[16]));
        assertStreamedLikeBuffered(new ExecuteMany(Long.MAX_VALUE, "insert into t values (?, ?, ?)", rows, 0), false);
    }

    @Test
    void aTypicalBulkLoadOfVectors() throws IOException {
        Random random = new Random(3);
        List<List<Object>> rows = new ArrayList<>();
        for (long i = 0; i < 1000; i++) {
            byte[] v = new byte[1536];
            random.nextBytes(v);
            rows.add(Arrays.asList(i * 1000, v));
        }
        assertStreamedLikeBuffered(new ExecuteMany(12, "insert into vecs(rowid, embedding) values (?, ?)", rows, 30_000));
    }

    @Test
    void manySmallRowsAndTheArray32Header() throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        for (long i = 0; i < 70_000; i++) {
            rows.add(Arrays.asList(i, i % 3 == 0 ? null : "r" + i));
        }
        assertStreamedLikeBuffered(new ExecuteMany(-5, "insert into t values (?, ?)", rows, Long.MIN_VALUE));
    }

    @Test
    void aSqlTextBeyondOneChunk() throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        for (long i = 0; i < 200; i++) {
            rows.add(Arrays.asList(i, new byte[2048]));
        }
        assertStreamedLikeBuffered(new ExecuteMany(1, "insert into t values (?, ?) -- " + "ü€".repeat(50_000), rows, 1));
    }

    @Test
    void smallOnesAreNotStreamed() {
        ExecuteMany small = new ExecuteMany(1, "insert into t values (?)", List.of(List.of(1L)), 0);
        assertThat(StreamedFrame.worthStreaming(small)).isFalse();
        assertThat(StreamedFrame.worthStreaming(new Query(1, "select 1", List.of(), 0, 0, 0))).isFalse();
    }

    @Test
    void oneTooLargeForAFrameIsRefusedWithNothingWrittenAndTheWriterGoesOn() throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        for (long i = 0; i < 400; i++) {
            rows.add(Arrays.asList(i, new byte[4096]));
        }
        ExecuteMany x = new ExecuteMany(2, "insert into t values (?, ?)", rows, 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MessageWriter writer = new MessageWriter(out, 1 << 20);

        assertThatThrownBy(() -> writer.write(x)).isInstanceOf(FrameTooLargeException.class);
        assertThat(out.size()).isZero();

        ExecuteMany fits = new ExecuteMany(3, x.sql(), rows.subList(0, 200), 0);
        writer.write(fits);
        assertThat(out.toByteArray()).isEqualTo(buffered(fits));
    }

    @Test
    void framesBeforeAndAfterAStreamedOneAreUntouched() throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        for (long i = 0; i < 300; i++) {
            rows.add(Arrays.asList(i, new byte[1536]));
        }
        List<Message> messages = List.of(new Ping(1), new ExecuteMany(2, "insert into t values (?, ?)", rows, 0),
                new Ping(3), new ExecuteMany(4, "insert into t values (?, ?)", rows.subList(0, 250), 0), new Ping(5));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (Message m : messages) {
            expected.write(buffered(m));
        }
        assertThat(TestMessages.encodeFrames(messages)).isEqualTo(expected.toByteArray());
    }
}
