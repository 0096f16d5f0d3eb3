package io.vecbox.protocol;

import static io.vecbox.protocol.TestMessages.MAX_FRAME;
import static io.vecbox.protocol.TestMessages.assertSameMessage;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoundTripTest {

    static Stream<Message> messages() {
        return Stream.concat(TestMessages.all().stream(), TestMessages.large().stream());
    }

    @ParameterizedTest
    @MethodSource("messages")
    void everyMessageRoundTripsThroughAFrame(Message message) throws IOException {
        byte[] wire = TestMessages.encodeFrames(List.of(message));
        MessageReader reader = new MessageReader(new ByteArrayInputStream(wire), MAX_FRAME);

        Message decoded = reader.read();

        assertSameMessage(decoded, message);
        assertThat(reader.read()).isNull();
        // Re-encoding what was decoded gives the same bytes: the encoding is canonical.
        assertThat(TestMessages.encodeFrames(List.of(decoded))).isEqualTo(wire);
    }

    @Test
    void stringsOfEveryLengthAndAlphabetDecodeToWhatWasSent() throws IOException {
        MessageDecoder decoder = new MessageDecoder(); // one decoder: its scratch buffer is reused between strings
        List<String> texts = new ArrayList<>(List.of("", "a", "select 1", "ünï 🚀", "\u0000 nul", "\u007f\u0080"));
        for (int len : new int[] {255, 256, 257, 4096}) {
            texts.add("x".repeat(len));
            texts.add("é".repeat(len / 2) + "x".repeat(len % 2));
            texts.add("y".repeat(len - 1) + "ü");
        }
        for (String text : texts) {
            Query q = new Query(7L, text, List.of(text, "k"), 1, 2, 3);
            byte[] payload = TestMessages.payload(q);
            Message decoded = decoder.decode(payload, 0, payload.length);
            assertSameMessage(decoded, q);
            assertThat(((Query) decoded).sql()).isEqualTo(text);
        }
    }

    @Test
    void batchStatementRowsTravelInAFieldAnOlderPeerIgnores() throws IOException {
        Result plain = new Result(1L, List.of(), List.of(), 1L, 1L, false, 0L, List.of(new UpdateCount(1, 1)));
        Result withRows = new Result(1L, List.of(), List.of(), 1L, 1L, false, 0L,
                List.of(new UpdateCount(1, 1, List.of("id"), List.of(List.of(1L)), false)));

        Map<String, Value> plainMap = unpack(TestMessages.payload(plain));
        Map<String, Value> rowsMap = unpack(TestMessages.payload(withRows));

        assertThat(plainMap).doesNotContainKey("returned");
        assertThat(rowsMap.get("updates")).isEqualTo(plainMap.get("updates"));
        assertThat(rowsMap.get("returned").toString()).isEqualTo("[{\"columns\":[\"id\"],\"rows\":[[1]],"
                + "\"truncated\":false}]");
    }

    /**
     * Regression: a decoded batch answer whose returned entry had rows (or truncated) but no columns
     * lost them when encoded again, because only entries with columns made the encoder write the
     * {@code returned} field (found by FuzzTest once the version 2 messages changed its sequence).
     */
    @Test
    void batchRowsWithoutColumnsSurviveARoundTrip() throws IOException {
        Result odd = new Result(1L, List.of(), List.of(), 1L, 1L, false, 0L,
                List.of(new UpdateCount(1, 1, List.of(), List.of(List.of(5L)), false), new UpdateCount(0, 1,
                        List.of(), List.of(), true)));
        Message decoded = new MessageReader(new ByteArrayInputStream(TestMessages.encodeFrames(List.of(odd))),
                MAX_FRAME).read();
        assertSameMessage(decoded, odd);
    }

    private static Map<String, Value> unpack(byte[] payload) throws IOException {
        Map<String, Value> out = new java.util.LinkedHashMap<>();
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(payload)) {
            u.unpackValue().asMapValue().map().forEach((k, v) -> out.put(k.asStringValue().asString(), v));
        }
        return out;
    }

    @Test
    void everyMessageTypeIsCovered() {
        Set<String> types = new HashSet<>();
        TestMessages.all().forEach(m -> types.add(m.type()));
        assertThat(types).containsExactlyInAnyOrder("hello", "configure", "ready", "query", "execute", "batch",
                "execute-many", "cancel", "ping", "shutdown", "pong", "result", "error", "describe", "transaction",
                "openCursor", "fetch", "closeCursor", "description", "rows", "part");
    }

    @Test
    void floatVectorParameterTravelsAsLittleEndianBlob() throws IOException {
        float[] vector = {1.0f, -2.5f, Float.NaN, Float.MIN_VALUE, -0.0f, 3.4e38f};
        Query q = new Query(1L, "SELECT vec_length(?)", List.of(vector), 0, 0L, 0L);

        Query decoded = (Query) new MessageReader(
                new ByteArrayInputStream(TestMessages.encodeFrames(List.of(q))), MAX_FRAME).read();

        byte[] blob = (byte[]) decoded.params().get(0);
        assertThat(blob).hasSize(vector.length * 4);
        assertThat(blob).startsWith(0x00, 0x00, 0x80, 0x3f); // 1.0f little-endian
        float[] back = Values.blobToFloats(blob);
        assertThat(back).hasSize(vector.length);
        for (int i = 0; i < vector.length; i++) {
            assertThat(Float.floatToRawIntBits(back[i])).as("element %d", i)
                    .isEqualTo(Float.floatToRawIntBits(vector[i]));
        }
    }

    @Test
    void hostValuesAreNormalisedBeforeTheWire() throws IOException {
        Execute e = new Execute(1L, "x", TestMessages.edgeParams(), 0L);
        Execute decoded = (Execute) new MessageReader(
                new ByteArrayInputStream(TestMessages.encodeFrames(List.of(e))), MAX_FRAME).read();
        for (Object v : decoded.params()) {
            assertThat(v == null || v instanceof Long || v instanceof Double || v instanceof String
                    || v instanceof byte[]).as("decoded %s", TestMessages.describe(v)).isTrue();
        }
        assertThat(decoded.params().get(5)).isEqualTo(42L);
        assertThat(decoded.params().get(15)).isEqualTo(1L);
        assertThat(decoded.params().get(16)).isEqualTo(0L);
        assertThat((Double) decoded.params().get(8)).isNaN();
        assertThat(decoded.params().get(11)).isEqualTo(-0.0);
    }

    private static byte[] manyFrames() {
        List<Message> stream = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            stream.addAll(TestMessages.all());
        }
        stream.add(TestMessages.large().get(1));
        return TestMessages.encodeFrames(stream);
    }

    private static void assertDecodesToAll(InputStream in) throws IOException {
        List<Message> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            expected.addAll(TestMessages.all());
        }
        expected.add(TestMessages.large().get(1));
        MessageReader reader = new MessageReader(in, MAX_FRAME);
        for (int i = 0; i < expected.size(); i++) {
            Message m = reader.read();
            assertThat(m).as("frame %d", i).isNotNull();
            assertSameMessage(m, expected.get(i));
        }
        assertThat(reader.read()).isNull();
        assertThat(reader.read()).as("still at end").isNull();
    }

    @Test
    void streamReturningOneByteAtATimeDecodesTheSame() throws IOException {
        assertDecodesToAll(new TestMessages.OneByteInputStream(manyFrames()));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 2L, 3L, 0x5eedL})
    void streamReturningRandomChunksDecodesTheSame(long seed) throws IOException {
        assertDecodesToAll(new TestMessages.ChunkedInputStream(manyFrames(), seed, 17));
        assertDecodesToAll(new TestMessages.ChunkedInputStream(manyFrames(), seed, 5000));
    }

    @Test
    void encoderReusesItsBufferCorrectlyAfterABigMessage() throws IOException {
        Message small = new Ping(7L);
        byte[] expected = new MessageEncoder().encode(small).toByteArray();

        MessageEncoder encoder = new MessageEncoder();
        encoder.encode(TestMessages.large().get(0));
        assertThat(encoder.size()).isGreaterThan(MAX_FRAME / 2);
        encoder.encode(small);

        assertThat(encoder.size()).isEqualTo(expected.length);
        assertThat(encoder.toByteArray()).isEqualTo(expected);
        assertSameMessage(new MessageDecoder().decode(encoder.array(), 0, encoder.size()), small);
    }

    @Test
    void writerAndReaderReuseBuffersAcrossBigAndSmallFrames() throws IOException {
        List<Message> seq = List.of(TestMessages.large().get(0), new Ping(1L), TestMessages.large().get(1),
                new Pong(1L, true));
        MessageReader reader = new MessageReader(new ByteArrayInputStream(TestMessages.encodeFrames(seq)), MAX_FRAME);
        for (Message m : seq) {
            assertSameMessage(reader.read(), m);
        }
        assertThat(reader.read()).isNull();
    }

    @Test
    void decoderIsReusableAfterAFailure() throws IOException {
        MessageDecoder decoder = new MessageDecoder();
        byte[] good = TestMessages.payload(new Ping(3L));
        byte[] bad = {(byte) 0x81, (byte) 0xa4, 't', 'y'};
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> decoder.decode(bad, 0, bad.length))
                .isInstanceOf(ProtocolException.class);
        assertSameMessage(decoder.decode(good, 0, good.length), new Ping(3L));
    }

    @Test
    void decodesAPayloadAtAnOffset() throws IOException {
        byte[] p = TestMessages.payload(new Cancel(9L));
        byte[] shifted = new byte[p.length + 10];
        System.arraycopy(p, 0, shifted, 3, p.length);
        assertSameMessage(new MessageDecoder().decode(shifted, 3, p.length), new Cancel(9L));
    }

    /** Regression: the decoder used a HashMap, so pragmas arrived in hash order, not the order sent. */
    @Test
    void configurePragmasKeepTheirWireOrder() throws IOException {
        java.util.Map<String, String> pragmas = new java.util.LinkedHashMap<>();
        for (String name : List.of("page_size", "journal_mode", "synchronous", "foreign_keys", "cache_size",
                "mmap_size", "temp_store", "auto_vacuum")) {
            pragmas.put(name, "v-" + name);
        }
        Configure c = new Configure("w", Role.WRITER, "db", "", pragmas, 0, 0, 0L, 0, java.util.Map.of(), false, 1);
        Configure decoded = (Configure) new MessageReader(
                new ByteArrayInputStream(TestMessages.encodeFrames(List.of(c))), MAX_FRAME).read();
        assertThat(decoded.pragmas().keySet()).containsExactlyElementsOf(pragmas.keySet());
    }

    /** The frames shown in PROTOCOL.md, so the document cannot drift from the code. */
    @Test
    void protocolDocumentExamples() {
        java.util.HexFormat hex = java.util.HexFormat.of();
        assertThat(hex.formatHex(TestMessages.encodeFrames(List.of(new Ping(1L)))))
                .isEqualTo(PING_HEX);
        assertThat(hex.formatHex(TestMessages.encodeFrames(List.of(new Pong(1L, false)))))
                .isEqualTo(PONG_HEX);
        assertThat(hex.formatHex(TestMessages.encodeFrames(List.of(
                new Query(2L, "SELECT ?", List.of(new float[] {1.0f, -2.0f}), 0, 0L, 0L)))))
                .isEqualTo(QUERY_HEX);
        assertThat(hex.formatHex(TestMessages.encodeFrames(List.of(
                new TransactionRequest(3L, TransactionRequest.Action.BEGIN, 0L))))).isEqualTo(TRANSACTION_HEX);
    }

    static final String PING_HEX = "0000000f82a474797065a470696e67a2696401";
    static final String PONG_HEX = "0000001583a474797065a4706f6e67a2696401a462757379c2";
    static final String TRANSACTION_HEX = "0000003284a474797065ab7472616e73616374696f6ea2696403a6616374696f6e"
            + "a5626567696ead74696d656f75744d696c6c697300";
    static final String QUERY_HEX = "0000005787a474797065a57175657279a2696402a373716ca853454c454354203fa6706172616d7391c4080000803f000000c0"
            + "a76d6178526f777300ae6d6178526573756c74427974657300ad74696d656f75744d696c6c697300";
}
