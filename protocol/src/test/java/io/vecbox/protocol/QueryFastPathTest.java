package io.vecbox.protocol;

import static io.vecbox.protocol.TestMessages.assertSameMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * The decoder's fast path for queries gives exactly what the generic way gives: the same query, or
 * the same error, for well-formed queries and for every way one can be odd.
 */
class QueryFastPathTest {
    private final MessageDecoder fast = new MessageDecoder();
    private final MessageDecoder generic = new MessageDecoder();

    @Test
    void queriesTheEncoderWritesDecodeAsTheyWereSent() throws IOException {
        List<Query> queries = List.of(new Query(1, "select 1", List.of(), 0, 0, 0),
                new Query(Long.MAX_VALUE, "select ?, ?, ?, ?, ?", TestMessages.edgeParams(), 10_000, 16 << 20, 30_000),
                new Query(-5, "sélect ☃", List.of(new byte[] {1, 2}), Integer.MAX_VALUE, Long.MIN_VALUE, -1, 2, 3),
                new Query(7, "x".repeat(5000), List.of("é".repeat(40)), 1, 1, 1, 0, 1));
        for (Query q : queries) {
            byte[] payload = TestMessages.payload(q);
            assertThat(fast.fastQuery(payload, 0, payload.length)).as("taken by the fast path").isNotNull();
            Message viaFast = fast.decode(payload, 0, payload.length, true);
            assertSameMessage(viaFast, q);
            assertSameMessage(generic.decodeGeneric(payload, 0, payload.length, false), viaFast);
        }
    }

    @Test
    void oddQueriesGetWhatTheGenericWayGives() throws IOException {
        List<byte[]> odd = new ArrayList<>();
        odd.add(query(p -> p.packString("id").packLong(1).packString("sql").packString("s").packString("params")
                .packArrayHeader(0).packString("extra").packBoolean(true), 5)); // unknown field: ignored
        odd.add(query(p -> p.packString("sql").packString("s").packString("params").packArrayHeader(0)
                .packString("id").packLong(3), 4)); // another order
        odd.add(query(p -> p.packString("id").packLong(1).packString("id").packLong(2).packString("sql")
                .packString("s").packString("params").packArrayHeader(0), 5)); // duplicate
        odd.add(query(p -> p.packString("id").packString("1").packString("sql").packString("s")
                .packString("params").packArrayHeader(0), 4)); // id of the wrong type
        odd.add(query(p -> p.packString("id").packLong(1).packString("sql").packString("s")
                .packString("params").packArrayHeader(1).packBoolean(true), 4)); // a parameter of no wire type
        odd.add(query(p -> p.packString("id").packLong(1).packString("sql").packString("s")
                .packString("params").packArrayHeader(1).packArrayHeader(0), 4)); // a nested parameter
        odd.add(query(p -> p.packString("id").packLong(1).packString("sql").packString("s"), 3)); // no params
        odd.add(query(p -> p.packString("id").packLong(1).packString("sql").packString("s").packString("params")
                .packArrayHeader(0).packString("maxRows").packLong(1L << 40), 5)); // maxRows out of int range
        odd.add(query(p -> p.packString("id").packLong(1).packString("sql").packString("s").packString("params")
                .packArrayHeader(0).packString("shard").packLong(3).packString("shards").packLong(2), 6)); // bad shard
        odd.add(query(p -> p.packString("id").packBigInteger(java.math.BigInteger.ONE.shiftLeft(64).subtract(
                java.math.BigInteger.ONE)).packString("sql").packString("s").packString("params").packArrayHeader(0),
                4)); // id beyond int64
        odd.add(query(p -> p.packString("id").packLong(1).packString("sql").packNil().packString("params")
                .packArrayHeader(0), 4)); // sql nil
        byte[] trailing = query(p -> p.packString("id").packLong(1).packString("sql").packString("s")
                .packString("params").packArrayHeader(0), 4);
        trailing = java.util.Arrays.copyOf(trailing, trailing.length + 1); // a byte after the value
        odd.add(trailing);
        byte[] truncated = query(p -> p.packString("id").packLong(1).packString("sql").packString("select 1")
                .packString("params").packArrayHeader(0), 4);
        odd.add(java.util.Arrays.copyOf(truncated, truncated.length - 3));
        assertThat(fast.fastQuery(odd.get(1), 0, odd.get(1).length)).as("fields in another order").isNotNull();
        for (byte[] payload : odd.subList(2, odd.size())) {
            assertThat(fast.fastQuery(payload, 0, payload.length)).as("left to the generic way").isNull();
        }
        for (byte[] payload : odd) {
            Object expected = outcome(generic, payload, false);
            Object actual = outcome(fast, payload, true);
            if (expected instanceof String error) {
                assertThat(actual).as("fast path of an odd query").isEqualTo(error);
            } else {
                assertSameMessage(actual, expected);
            }
        }
        // and the fast path still works after each of them
        byte[] ok = TestMessages.payload(new Query(9, "select 9", List.of(9L), 0, 0, 0));
        assertSameMessage(fast.decode(ok, 0, ok.length, true), new Query(9, "select 9", List.of(9L), 0, 0, 0));
    }

    @Test
    void aQueryInTheMiddleOfABufferDecodesFromItsOffset() throws IOException {
        byte[] payload = TestMessages.payload(new Query(4, "select 4", List.of("a"), 0, 0, 0));
        byte[] framed = new byte[payload.length + 10];
        System.arraycopy(payload, 0, framed, 7, payload.length);
        assertSameMessage(fast.decode(framed, 7, payload.length, true), new Query(4, "select 4", List.of("a"), 0, 0, 0));
        assertThatThrownBy(() -> fast.decode(framed, 7, payload.length + 1, true)).isInstanceOf(ProtocolException.class);
    }

    private static Object outcome(MessageDecoder d, byte[] payload, boolean fastPath) {
        try {
            return fastPath ? d.decode(payload, 0, payload.length, false) : d.decodeGeneric(payload, 0, payload.length, false);
        } catch (ProtocolException e) {
            return e.getMessage();
        }
    }

    private interface Fields {
        void pack(MessageBufferPacker p) throws IOException;
    }

    /** A query map of {@code n} fields, its type included, written by hand. */
    private static byte[] query(Fields fields, int n) throws IOException {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        p.packMapHeader(n).packString("type").packString("query");
        fields.pack(p);
        return p.toByteArray();
    }
}
