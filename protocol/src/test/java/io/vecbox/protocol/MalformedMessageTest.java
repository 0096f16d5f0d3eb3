package io.vecbox.protocol;

import static io.vecbox.protocol.TestMessages.MAX_FRAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

class MalformedMessageTest {

    @FunctionalInterface
    interface Packing {
        void pack(MessageBufferPacker p) throws IOException;
    }

    static byte[] packed(Packing body) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            body.pack(p);
            return p.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Message decode(byte[] payload) throws IOException {
        return new MessageReader(new ByteArrayInputStream(TestMessages.frame(payload)), MAX_FRAME).read();
    }

    private static Arguments bad(String name, String messagePart, Packing body) {
        return Arguments.of(name, messagePart, packed(body));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("garbage bytes", "", "not msgpack at all".getBytes(StandardCharsets.US_ASCII)),
                Arguments.of("never-used format byte 0xc1", "", new byte[] {(byte) 0xc1}),
                Arguments.of("truncated msgpack", "", new byte[] {(byte) 0x82, (byte) 0xa4, 't'}),
                bad("array, not a map", "must be a map", p -> p.packArrayHeader(2).packString("type").packString("ping")),
                bad("integer, not a map", "must be a map", p -> p.packInt(1)),
                bad("nil, not a map", "must be a map", p -> p.packNil()),
                bad("string, not a map", "must be a map", p -> p.packString("ping")),
                bad("map without type", "type", p -> p.packMapHeader(1).packString("id").packLong(1)),
                bad("empty map", "type", p -> p.packMapHeader(0)),
                bad("type not a string", "type", p -> p.packMapHeader(2).packString("type").packInt(3)
                        .packString("id").packLong(1)),
                bad("unknown type", "unknown message type 'launch'", p -> p.packMapHeader(2).packString("type")
                        .packString("launch").packString("id").packLong(1)),
                bad("ping without id", "missing field 'id'", p -> p.packMapHeader(1).packString("type").packString("ping")),
                bad("id as string", "'id' must be an integer", p -> p.packMapHeader(2).packString("type").packString("ping")
                        .packString("id").packString("1")),
                bad("id as float", "'id'", p -> p.packMapHeader(2).packString("type").packString("ping")
                        .packString("id").packDouble(1.0)),
                bad("id nil", "'id'", p -> p.packMapHeader(2).packString("type").packString("ping")
                        .packString("id").packNil()),
                bad("id above int64", "", p -> p.packMapHeader(2).packString("type").packString("ping")
                        .packString("id").packBigInteger(new java.math.BigInteger("18446744073709551615"))),
                bad("busy as int", "'busy' must be a boolean", p -> p.packMapHeader(3).packString("type").packString("pong")
                        .packString("id").packLong(1).packString("busy").packInt(1)),
                bad("query without params", "missing field 'params'", p -> p.packMapHeader(3).packString("type")
                        .packString("query").packString("id").packLong(1).packString("sql").packString("SELECT 1")),
                bad("sql as binary", "'sql' must be a string", p -> p.packMapHeader(4).packString("type")
                        .packString("query").packString("id").packLong(1).packString("sql").packBinaryHeader(1)
                        .writePayload(new byte[] {1}).packString("params").packArrayHeader(0)),
                bad("params as map", "'params' must be an array", p -> query(p).packMapHeader(0)),
                bad("array nested in params", "params[1]", p -> query(p).packArrayHeader(2).packInt(1)
                        .packArrayHeader(1).packInt(2)),
                bad("map nested in params", "params[0]", p -> query(p).packArrayHeader(1).packMapHeader(0)),
                bad("boolean in params", "params[0]", p -> query(p).packArrayHeader(1).packBoolean(true)),
                bad("extension in params", "", p -> query(p).packArrayHeader(1).packExtensionTypeHeader((byte) 1, 1)
                        .writePayload(new byte[] {0})),
                bad("maxRows beyond int32", "out of int range", p -> p.packMapHeader(5).packString("type")
                        .packString("query").packString("id").packLong(1).packString("sql").packString("x")
                        .packString("params").packArrayHeader(0).packString("maxRows").packLong(1L << 40)),
                bad("protocolVersion beyond int32", "out of int range", p -> p.packMapHeader(5).packString("type")
                        .packString("hello").packString("protocolVersion").packLong(-(1L << 40)).packString("pid")
                        .packLong(1).packString("sqliteVersion").packString("3").packString("sqliteVecVersion")
                        .packString("0")),
                bad("unknown role", "unknown role", p -> configure(p, "admin")),
                bad("pragma value not a string", "pragmas.journal_mode", p -> p.packMapHeader(9).packString("type")
                        .packString("configure").packString("name").packString("w").packString("role")
                        .packString("reader").packString("database").packString("d").packString("pragmas")
                        .packMapHeader(1).packString("journal_mode").packInt(1).packString("busyTimeoutMillis")
                        .packInt(0).packString("maxRows").packInt(0).packString("maxResultBytes").packInt(0)
                        .packString("limits").packMapHeader(0)),
                bad("batch statement not a map", "statements[0]", p -> p.packMapHeader(3).packString("type")
                        .packString("batch").packString("id").packLong(1).packString("statements").packArrayHeader(1)
                        .packString("SELECT 1")),
                bad("batch statement without params", "missing field 'params'", p -> p.packMapHeader(3)
                        .packString("type").packString("batch").packString("id").packLong(1).packString("statements")
                        .packArrayHeader(1).packMapHeader(1).packString("sql").packString("SELECT 1")),
                bad("execute-many row not an array", "rows[0]", p -> p.packMapHeader(4).packString("type")
                        .packString("execute-many").packString("id").packLong(1).packString("sql").packString("x")
                        .packString("rows").packArrayHeader(1).packInt(5)),
                bad("result without updates", "missing field 'updates'", p -> p.packMapHeader(6).packString("type")
                        .packString("result").packString("id").packLong(1).packString("columns").packArrayHeader(0)
                        .packString("rows").packArrayHeader(0).packString("changes").packInt(0)
                        .packString("lastInsertRowid").packInt(0)),
                bad("result update not a pair", "updates[0]", p -> result(p).packArrayHeader(1).packArrayHeader(1)
                        .packInt(1)),
                bad("result returned not parallel to updates", "'returned' has 0 entries but 'updates' has 1",
                        p -> p.packMapHeader(8).packString("type").packString("result").packString("id").packLong(1)
                                .packString("columns").packArrayHeader(0).packString("rows").packArrayHeader(0)
                                .packString("changes").packInt(0).packString("lastInsertRowid").packInt(0)
                                .packString("updates").packArrayHeader(1).packArrayHeader(2).packInt(0).packInt(0)
                                .packString("returned").packArrayHeader(0)),
                bad("result returned entry not a map", "returned[0]", p -> p.packMapHeader(8).packString("type")
                        .packString("result").packString("id").packLong(1).packString("columns").packArrayHeader(0)
                        .packString("rows").packArrayHeader(0).packString("changes").packInt(0)
                        .packString("lastInsertRowid").packInt(0).packString("updates").packArrayHeader(1)
                        .packArrayHeader(2).packInt(0).packInt(0).packString("returned").packArrayHeader(1).packInt(3)),
                bad("result returned row holds a non-value", "rows[0][0]", p -> p.packMapHeader(8).packString("type")
                        .packString("result").packString("id").packLong(1).packString("columns").packArrayHeader(0)
                        .packString("rows").packArrayHeader(0).packString("changes").packInt(0)
                        .packString("lastInsertRowid").packInt(0).packString("updates").packArrayHeader(1)
                        .packArrayHeader(2).packInt(0).packInt(0).packString("returned").packArrayHeader(1)
                        .packMapHeader(1).packString("rows").packArrayHeader(1).packArrayHeader(1).packBoolean(true)),
                bad("result column not a string", "columns[0]", p -> p.packMapHeader(7).packString("type")
                        .packString("result").packString("id").packLong(1).packString("columns").packArrayHeader(1)
                        .packNil().packString("rows").packArrayHeader(0).packString("changes").packInt(0)
                        .packString("lastInsertRowid").packInt(0).packString("updates").packArrayHeader(0)),
                bad("transaction with an unknown action", "unknown transaction action: abort",
                        p -> transaction(p, "abort")),
                bad("transaction action in upper case", "unknown transaction action: BEGIN",
                        p -> transaction(p, "BEGIN")),
                bad("transaction without action", "missing field 'action'", p -> p.packMapHeader(2)
                        .packString("type").packString("transaction").packString("id").packLong(1)),
                bad("describe without sql", "missing field 'sql'", p -> p.packMapHeader(2).packString("type")
                        .packString("describe").packString("id").packLong(1)),
                bad("openCursor without fetchBytes", "missing field 'fetchBytes'", p -> openCursor(p, 1)
                        .packString("fetchRows").packInt(10)),
                bad("openCursor with fetchBytes 0", "fetchBytes < 1: 0", p -> openCursor(p, 1)
                        .packString("fetchBytes").packInt(0)),
                bad("openCursor with negative fetchRows", "fetchRows < 0: -1", p -> openCursor(p, 2)
                        .packString("fetchBytes").packInt(100).packString("fetchRows").packInt(-1)),
                bad("openCursor without params", "missing field 'params'", p -> p.packMapHeader(4)
                        .packString("type").packString("openCursor").packString("id").packLong(1).packString("sql")
                        .packString("x").packString("fetchBytes").packInt(1)),
                bad("fetch without cursor", "missing field 'cursor'", p -> p.packMapHeader(3).packString("type")
                        .packString("fetch").packString("id").packLong(2).packString("fetchBytes").packInt(1)),
                bad("fetch with fetchRows beyond int32", "out of int range", p -> p.packMapHeader(5)
                        .packString("type").packString("fetch").packString("id").packLong(2).packString("cursor")
                        .packLong(1).packString("fetchBytes").packInt(1).packString("fetchRows").packLong(1L << 33)),
                bad("closeCursor with cursor as string", "'cursor' must be an integer", p -> p.packMapHeader(3)
                        .packString("type").packString("closeCursor").packString("id").packLong(2)
                        .packString("cursor").packString("1")),
                bad("description without readOnly", "missing field 'readOnly'", p -> p.packMapHeader(5)
                        .packString("type").packString("description").packString("id").packLong(1)
                        .packString("columns").packArrayHeader(0).packString("parameterCount").packInt(0)
                        .packString("tail").packBoolean(false)),
                bad("description readOnly as int", "'readOnly' must be a boolean", p -> p.packMapHeader(6)
                        .packString("type").packString("description").packString("id").packLong(1)
                        .packString("readOnly").packInt(1).packString("columns").packArrayHeader(0)
                        .packString("parameterCount").packInt(0).packString("tail").packBoolean(false)),
                bad("description with negative parameterCount", "parameterCount < 0: -1", p -> p.packMapHeader(6)
                        .packString("type").packString("description").packString("id").packLong(1)
                        .packString("readOnly").packBoolean(true).packString("columns").packArrayHeader(0)
                        .packString("parameterCount").packInt(-1).packString("tail").packBoolean(false)),
                bad("rows without done", "missing field 'done'", p -> p.packMapHeader(5).packString("type")
                        .packString("rows").packString("id").packLong(1).packString("cursor").packLong(1)
                        .packString("columns").packArrayHeader(0).packString("rows").packArrayHeader(0)),
                bad("rows holding a non-value", "rows[0][0]", p -> p.packMapHeader(6).packString("type")
                        .packString("rows").packString("id").packLong(1).packString("cursor").packLong(1)
                        .packString("columns").packArrayHeader(1).packString("c").packString("rows")
                        .packArrayHeader(1).packArrayHeader(1).packBoolean(true).packString("done")
                        .packBoolean(true)),
                bad("part without rows", "missing field 'rows'", p -> p.packMapHeader(3).packString("type")
                        .packString("part").packString("id").packLong(1).packString("columns").packArrayHeader(0)),
                bad("part without columns", "missing field 'columns'", p -> p.packMapHeader(3).packString("type")
                        .packString("part").packString("id").packLong(1).packString("rows").packArrayHeader(0)),
                bad("part holding a non-value", "rows[0][0]", p -> p.packMapHeader(4).packString("type")
                        .packString("part").packString("id").packLong(1).packString("columns").packArrayHeader(1)
                        .packString("c").packString("rows").packArrayHeader(1).packArrayHeader(1).packMapHeader(0)),
                bad("part whose row is not an array", "rows[0]", p -> p.packMapHeader(4).packString("type")
                        .packString("part").packString("id").packLong(1).packString("columns").packArrayHeader(1)
                        .packString("c").packString("rows").packArrayHeader(1).packLong(7)),
                bad("configure with negative partBytes", "partBytes < 0: -1", p -> p.packMapHeader(10)
                        .packString("type").packString("configure").packString("name").packString("w")
                        .packString("role").packString("reader").packString("database").packString("d")
                        .packString("pragmas").packMapHeader(0).packString("busyTimeoutMillis").packInt(0)
                        .packString("maxRows").packInt(0).packString("maxResultBytes").packInt(0)
                        .packString("limits").packMapHeader(0).packString("partBytes").packInt(-1)),
                bad("configure with cursorIdleMillis 0", "cursorIdleMillis < 1: 0", p -> p.packMapHeader(10)
                        .packString("type").packString("configure").packString("name").packString("w")
                        .packString("role").packString("reader").packString("database").packString("d")
                        .packString("pragmas").packMapHeader(0).packString("busyTimeoutMillis").packInt(0)
                        .packString("maxRows").packInt(0).packString("maxResultBytes").packInt(0)
                        .packString("limits").packMapHeader(0).packString("cursorIdleMillis").packInt(0)),
                bad("non-string map key", "keys must be strings", p -> p.packMapHeader(2).packString("type")
                        .packString("ping").packInt(1).packLong(1)),
                bad("duplicate key", "duplicate field: id", p -> p.packMapHeader(3).packString("type")
                        .packString("ping").packString("id").packLong(1).packString("id").packLong(2)),
                bad("duplicate type", "duplicate field: type", p -> p.packMapHeader(2).packString("type")
                        .packString("ping").packString("type").packString("pong")),
                bad("invalid UTF-8 value", "UTF-8", p -> p.packMapHeader(2).packString("type")
                        .packRawStringHeader(2).writePayload(new byte[] {(byte) 0xc3, 0x28})
                        .packString("id").packLong(1)),
                bad("invalid UTF-8 key", "UTF-8", p -> p.packMapHeader(2).packString("type").packString("ping")
                        .packRawStringHeader(1).writePayload(new byte[] {(byte) 0xff}).packLong(1)),
                bad("lone surrogate encoded as UTF-8", "UTF-8", p -> p.packMapHeader(2).packString("type")
                        .packString("ping").packRawStringHeader(3).writePayload(new byte[] {(byte) 0xed, (byte) 0xa0,
                                (byte) 0x80}).packLong(1)),
                bad("trailing bytes after the value", "after its MessagePack value", p -> p.packMapHeader(2)
                        .packString("type").packString("ping").packString("id").packLong(1).packNil()),
                bad("two messages in one frame", "after its MessagePack value", p -> p.packMapHeader(2)
                        .packString("type").packString("ping").packString("id").packLong(1).packMapHeader(2)
                        .packString("type").packString("ping").packString("id").packLong(2)));
    }

    private static org.msgpack.core.MessagePacker query(MessageBufferPacker p) throws IOException {
        return p.packMapHeader(4).packString("type").packString("query").packString("id").packLong(1)
                .packString("sql").packString("SELECT ?").packString("params");
    }

    private static org.msgpack.core.MessagePacker result(MessageBufferPacker p) throws IOException {
        return p.packMapHeader(7).packString("type").packString("result").packString("id").packLong(1)
                .packString("columns").packArrayHeader(0).packString("rows").packArrayHeader(0)
                .packString("changes").packInt(0).packString("lastInsertRowid").packInt(0).packString("updates");
    }

    private static void transaction(MessageBufferPacker p, String action) throws IOException {
        p.packMapHeader(3).packString("type").packString("transaction").packString("id").packLong(1)
                .packString("action").packString(action);
    }

    /** An openCursor map with {@code extra} more entries, which the caller packs. */
    private static org.msgpack.core.MessagePacker openCursor(MessageBufferPacker p, int extra) throws IOException {
        return p.packMapHeader(4 + extra).packString("type").packString("openCursor").packString("id").packLong(1)
                .packString("sql").packString("SELECT ?").packString("params").packArrayHeader(1).packInt(7);
    }

    private static void configure(MessageBufferPacker p, String role) throws IOException {
        p.packMapHeader(9).packString("type").packString("configure").packString("name").packString("w")
                .packString("role").packString(role).packString("database").packString("d")
                .packString("pragmas").packMapHeader(0).packString("busyTimeoutMillis").packInt(0)
                .packString("maxRows").packInt(0).packString("maxResultBytes").packInt(0)
                .packString("limits").packMapHeader(0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedPayloadIsAProtocolException(String name, String messagePart, byte[] payload) {
        assertThatThrownBy(() -> decode(payload)).as(name + ": " + HexFormat.of().formatHex(payload))
                .isInstanceOf(ProtocolException.class).hasMessageContaining(messagePart);
    }

    @Test
    void minimalConfigureIsValidSoTheBadOnesFailForTheirOwnReason() throws IOException {
        Configure c = (Configure) decode(packed(p -> configure(p, "reader")));
        assertThat(c.role()).isEqualTo(Role.READER);
    }

    @Test
    void deepNestingIsAProtocolExceptionNotAStackOverflow() {
        byte[] deep = new byte[10_001];
        Arrays.fill(deep, (byte) 0x91); // fixarray of one element, 10,000 times
        deep[deep.length - 1] = (byte) 0xc0;
        assertThatThrownBy(() -> decode(deep)).isInstanceOf(ProtocolException.class).hasMessageContaining("nesting");

        byte[] prefix = packed(p -> p.packMapHeader(2).packString("type").packString("ping").packString("id").packLong(1)
                .packString("future"));
        prefix[0] = (byte) 0x83;
        byte[] inField = new byte[prefix.length + deep.length];
        System.arraycopy(prefix, 0, inField, 0, prefix.length);
        System.arraycopy(deep, 0, inField, prefix.length, deep.length);
        assertThatThrownBy(() -> decode(inField)).isInstanceOf(ProtocolException.class).hasMessageContaining("nesting");

        byte[] deepMaps = new byte[3 * 10_000 + 1];
        for (int i = 0; i < 10_000; i++) {
            deepMaps[3 * i] = (byte) 0x81;     // fixmap of one entry
            deepMaps[3 * i + 1] = (byte) 0xa1; // key: fixstr of 1
            deepMaps[3 * i + 2] = 'k';
        }
        deepMaps[deepMaps.length - 1] = (byte) 0xc0;
        assertThatThrownBy(() -> decode(deepMaps)).isInstanceOf(ProtocolException.class);
    }

    static Stream<Arguments> hugeAnnouncements() {
        HexFormat hex = HexFormat.of();
        return Stream.of(
                Arguments.of("array32 of 2^31-1", hex.parseHex("dd7fffffff")),
                Arguments.of("array32 of 2^32-1", hex.parseHex("ddffffffff")),
                Arguments.of("map32 of 2^31-1", hex.parseHex("df7fffffff")),
                Arguments.of("map32 of 2^32-1", hex.parseHex("dfffffffff")),
                Arguments.of("str32 of 2^31-1", hex.parseHex("db7fffffff41")),
                Arguments.of("str32 of 2^32-1", hex.parseHex("dbffffffff41")),
                Arguments.of("bin32 of 2^31-1", hex.parseHex("c67fffffff00")),
                Arguments.of("bin32 of 2^32-1", hex.parseHex("c6ffffffff00")),
                Arguments.of("ext32 of 2^31-1", hex.parseHex("c97fffffff01")),
                // {"type":"query","id":1,"sql":"x","params":array32(2^31-1)}
                Arguments.of("params announcing 2^31-1 values",
                        hex.parseHex("84a474797065a5717565727aa2696401a373716ca178a6706172616d73dd7fffffffc0")
                                .clone()),
                Arguments.of("rows announcing 2^31-1 rows", packedPrefix()),
                Arguments.of("key str32 of 2^31-1 in map", hex.parseHex("81db7fffffff"))
        );
    }

    private static byte[] packedPrefix() {
        byte[] head = packed(p -> p.packMapHeader(4).packString("type").packString("execute-many").packString("id")
                .packLong(1).packString("sql").packString("x").packString("rows"));
        byte[] out = Arrays.copyOf(head, head.length + 6);
        System.arraycopy(HexFormat.of().parseHex("dd7fffff90c0"), 0, out, head.length, 6);
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hugeAnnouncements")
    void hugeLengthInsideASmallFrameIsRejectedWithoutAllocating(String name, byte[] payload) {
        com.sun.management.ThreadMXBean threads = threadBean();
        long before = threads == null ? 0 : threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();

        assertThatThrownBy(() -> decode(payload)).as(name).isInstanceOf(ProtocolException.class);

        assertThat(System.nanoTime() - start).as("nanos").isLessThan(1_000_000_000L);
        if (threads != null) {
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(allocated).as("bytes allocated while rejecting %s", name).isLessThan(4L * 1024 * 1024);
        }
    }

    private static com.sun.management.ThreadMXBean threadBean() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled()) {
            return t;
        }
        return null;
    }

    @Test
    void allocationMeasurementWorksHere() {
        assumeTrue(threadBean() != null, "thread allocation accounting unavailable");
        long before = threadBean().getCurrentThreadAllocatedBytes();
        byte[] big = new byte[8 * 1024 * 1024];
        assertThat(threadBean().getCurrentThreadAllocatedBytes() - before).isGreaterThanOrEqualTo(big.length);
    }

    @Test
    void unknownFieldsAreIgnored() throws IOException {
        byte[] payload = packed(p -> {
            p.packMapHeader(5).packString("future").packMapHeader(2).packString("nested").packArrayHeader(3)
                    .packInt(1).packString("two").packNil().packString("flag").packBoolean(true);
            p.packString("type").packString("query");
            p.packString("id").packLong(77);
            p.packString("sql").packString("SELECT ?");
            p.packString("params").packArrayHeader(1).packString("v");
        });
        assertThat(decode(payload)).isEqualTo(new Query(77L, "SELECT ?", List.of("v"), 0, 0L, 0L));

        byte[] batch = packed(p -> p.packMapHeader(4).packString("type").packString("batch").packString("id")
                .packLong(1).packString("statements").packArrayHeader(1).packMapHeader(3).packString("sql")
                .packString("DELETE FROM t").packString("params").packArrayHeader(0).packString("hint")
                .packString("fast").packString("priority").packDouble(0.5));
        assertThat(decode(batch)).isEqualTo(new Batch(1L, List.of(new SqlStatement("DELETE FROM t", List.of())), 0L));
    }

    @Test
    void unknownErrorCodeDecodesAsUnknown() throws IOException {
        byte[] payload = packed(p -> p.packMapHeader(4).packString("type").packString("error").packString("id")
                .packLong(5).packString("code").packString("DISK_ON_FIRE").packString("message").packString("hot"));
        assertThat(decode(payload)).isEqualTo(new ErrorReply(5L, ErrorCode.UNKNOWN, 0, "hot", "", 0L));
        assertThat(ErrorCode.fromWire("sql_error")).isEqualTo(ErrorCode.UNKNOWN);
        for (ErrorCode c : ErrorCode.values()) {
            assertThat(ErrorCode.fromWire(c.name())).isEqualTo(c);
        }
    }

    /** The smallest valid map of each type: every optional field takes its documented default. */
    @Test
    void optionalFieldsTakeTheirDefaults() throws IOException {
        assertThat(decode(packed(p -> p.packMapHeader(5).packString("type").packString("hello")
                .packString("protocolVersion").packInt(1).packString("pid").packLong(9).packString("sqliteVersion")
                .packString("3.50.4").packString("sqliteVecVersion").packString("0.1.9"))))
                .isEqualTo(new Hello(1, 9L, "3.50.4", "0.1.9", ""));
        assertThat(decode(packed(p -> configure(p, "writer")))).isEqualTo(new Configure("w", Role.WRITER, "d", "",
                Map.of(), 0, 0, 0L, 64, Map.of(), false, Protocol.DEFAULT_MAX_FRAME_BYTES));
        assertThat(decode(packed(p -> p.packMapHeader(4).packString("type").packString("ready").packString("pid")
                .packLong(9).packString("sqliteVersion").packString("3").packString("sqliteVecVersion")
                .packString("0")))).isEqualTo(new Ready(9L, "3", "0", ""));
        assertThat(decode(packed(p -> query(p).packArrayHeader(0))))
                .isEqualTo(new Query(1L, "SELECT ?", List.of(), 0, 0L, 0L));
        assertThat(decode(packed(p -> p.packMapHeader(4).packString("type").packString("execute").packString("id")
                .packLong(1).packString("sql").packString("x").packString("params").packArrayHeader(0))))
                .isEqualTo(new Execute(1L, "x", List.of(), 0L));
        assertThat(decode(packed(p -> p.packMapHeader(3).packString("type").packString("batch").packString("id")
                .packLong(1).packString("statements").packArrayHeader(0)))).isEqualTo(new Batch(1L, List.of(), 0L));
        assertThat(decode(packed(p -> p.packMapHeader(4).packString("type").packString("execute-many")
                .packString("id").packLong(1).packString("sql").packString("x").packString("rows").packArrayHeader(0))))
                .isEqualTo(new ExecuteMany(1L, "x", List.of(), 0L));
        assertThat(decode(packed(p -> p.packMapHeader(2).packString("type").packString("pong").packString("id")
                .packLong(3)))).isEqualTo(new Pong(3L, false));
        assertThat(decode(packed(p -> result(p).packArrayHeader(0))))
                .isEqualTo(new Result(1L, List.of(), List.of(), 0L, 0L, false, 0L, List.of()));
        assertThat(decode(packed(p -> p.packMapHeader(4).packString("type").packString("error").packString("id")
                .packLong(2).packString("code").packString("SQL_ERROR").packString("message").packString("m"))))
                .isEqualTo(new ErrorReply(2L, ErrorCode.SQL_ERROR, 0, "m", "", 0L));
    }

    @Test
    void optionalFieldsOfVersionTwoTakeTheirDefaults() throws IOException {
        Configure c = (Configure) decode(packed(p -> configure(p, "reader")));
        assertThat(c.cursorIdleMillis()).isEqualTo(60_000L).isEqualTo(Protocol.DEFAULT_CURSOR_IDLE_MILLIS);
        assertThat(c.knnCacheBytes()).isEqualTo(64L << 20).isEqualTo(Protocol.DEFAULT_KNN_CACHE_BYTES);
        assertThat(c.partBytes()).as("a supervisor that does not ask for parts gets none").isZero();
        assertThat(c.checkpointOnClose()).as("a writer checkpoints at shutdown unless told not to").isTrue();
        assertThat(c.knnWarmUp()).as("a reader fills its KNN cache on first use unless told to warm up").isFalse();
        assertThat(decode(packed(p -> transaction(p, "commit"))))
                .isEqualTo(new TransactionRequest(1L, TransactionRequest.Action.COMMIT, 0L));
        assertThat(decode(packed(p -> openCursor(p, 1).packString("fetchBytes").packInt(4096))))
                .isEqualTo(new OpenCursor(1L, "SELECT ?", List.of(7L), 0, 4096L, 0L));
        assertThat(decode(packed(p -> p.packMapHeader(4).packString("type").packString("fetch").packString("id")
                .packLong(2).packString("cursor").packLong(1).packString("fetchBytes").packInt(10))))
                .isEqualTo(new Fetch(2L, 1L, 0, 10L, 0L));
    }

    @Test
    void transactionActionsTravelInLowerCase() {
        assertThat(Arrays.stream(TransactionRequest.Action.values()).map(TransactionRequest.Action::wireName))
                .containsExactly("begin", "commit", "rollback");
        for (TransactionRequest.Action a : TransactionRequest.Action.values()) {
            assertThat(TransactionRequest.Action.fromWire(a.wireName())).isEqualTo(a);
        }
    }

    @Test
    void cursorBoundsAreCheckedWhenBuilt() {
        assertThatThrownBy(() -> new Fetch(1L, 1L, -1, 1L, 0L)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fetchRows < 0: -1");
        assertThatThrownBy(() -> new OpenCursor(1L, "x", List.of(), 0, 0L, 0L))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("fetchBytes < 1: 0");
        assertThatThrownBy(() -> new Configure("w", Role.WRITER, "d", "", Map.of(), 0, 0, 0L, 0, Map.of(), false, 1)
                .withCursorIdleMillis(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cursorIdleMillis < 1: 0");
        assertThatThrownBy(() -> new Configure("w", Role.WRITER, "d", "", Map.of(), 0, 0, 0L, 0, Map.of(), false, 1)
                .withKnnCacheBytes(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("knnCacheBytes < 0: -1");
    }
}
