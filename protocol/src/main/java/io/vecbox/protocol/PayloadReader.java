package io.vecbox.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.core.buffer.MessageBuffer;
import org.msgpack.core.buffer.MessageBufferInput;
import org.msgpack.value.ValueType;

/**
 * Reads the MessagePack values of one frame's payload with the protocol's checks (section 3 of
 * {@code PROTOCOL.md}): every length announced inside the payload against the bytes left in the
 * frame before anything is allocated for it, nesting depth, string map keys without duplicates,
 * strict UTF-8, no extension types. Values come out as a generic tree: {@code null}, {@link Boolean},
 * {@link Long}, {@link Double}, {@link String}, {@code byte[]}, {@link List}, {@link Map} (in wire order).
 *
 * <p>{@link MessageDecoder} owns one and gives it each payload's input; the query fast path
 * ({@link QueryFastPath}) reads through the same one. The unpacker, the UTF-8 decoder and a
 * scratch buffer for short strings are reused across payloads. Not thread-safe.
 */
final class PayloadReader {
    /** The protocol never nests deeper than message map → rows array → row array → value. */
    private static final int MAX_DEPTH = 6;

    private final MessageUnpacker unpacker;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    /** The payload's length: where the frame ends, counted as the unpacker counts bytes read. */
    private long limit;
    /** Rows of an execute-many left in the payload by the last {@link #readMap} with rowsLater, else -1. */
    private int pendingRows = -1;
    /** Reused for short strings (field names, message types, small SQL), which need no array of their own. */
    private final byte[] scratch = new byte[256];

    /** @param in the input the unpacker starts on (until {@link #start}) */
    PayloadReader(MessageBufferInput in) {
        this.unpacker = MessagePack.newDefaultUnpacker(in);
    }

    /**
     * Starts reading a payload.
     *
     * @param in the payload's bytes
     * @param length the payload's length
     * @throws IOException never for an in-memory input (declared by the unpacker)
     */
    void start(MessageBufferInput in, long length) throws IOException {
        pendingRows = -1;
        unpacker.reset(in);
        limit = length;
    }

    /** @return the unpacker, on the current payload */
    MessageUnpacker unpacker() {
        return unpacker;
    }

    /** @return the current payload's length */
    long limit() {
        return limit;
    }

    /** @return the rows the last {@link #readMap} with rowsLater left in the payload, else -1 */
    int pendingRows() {
        return pendingRows;
    }

    /** @throws ProtocolException unless the payload ends exactly where the reading stands */
    void checkEnd() throws ProtocolException {
        if (unpacker.getTotalReadBytes() != limit) {
            throw new ProtocolException("frame holds " + (limit - unpacker.getTotalReadBytes())
                    + " bytes after its MessagePack value");
        }
    }

    private long remaining() {
        return limit - unpacker.getTotalReadBytes();
    }

    /**
     * @param announced a length read from the payload
     * @param minBytesEach the fewest bytes each announced entry takes
     * @throws ProtocolException if that many entries cannot fit in the bytes left in the frame
     */
    void checkLength(long announced, long minBytesEach, String what) throws ProtocolException {
        if (announced < 0 || announced * minBytesEach > remaining()) {
            throw new ProtocolException(what + " announces " + announced + " entries/bytes but only "
                    + remaining() + " bytes remain in the frame");
        }
    }

    /**
     * @param depth the level of the value: 0 for the message map
     * @return the next value, as a tree
     * @throws ProtocolException if it breaks the protocol's rules
     * @throws IOException if the input failed (only a stream input can)
     */
    Object readValue(int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new ProtocolException("nesting deeper than " + MAX_DEPTH);
        }
        MessageFormat format = unpacker.getNextFormat();
        ValueType type = format.getValueType();
        switch (type) {
            case NIL:
                unpacker.unpackNil();
                return null;
            case BOOLEAN:
                return unpacker.unpackBoolean();
            case INTEGER:
                return unpacker.unpackLong();
            case FLOAT:
                return unpacker.unpackDouble();
            case STRING:
                return readString();
            case BINARY: {
                int len = unpacker.unpackBinaryHeader();
                checkLength(len, 1, "binary");
                return unpacker.readPayload(len);
            }
            case ARRAY: {
                int n = unpacker.unpackArrayHeader();
                checkLength(n, 1, "array");
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(readValue(depth + 1));
                }
                return list;
            }
            case MAP:
                return readMap(depth, false);
            default:
                throw new ProtocolException("unsupported MessagePack type " + type);
        }
    }

    /**
     * @param rowsLater stop before the value of a last field {@code rows} of an execute-many that is
     *     an array: its header is read, {@link #pendingRows} set to its length, and the field left empty
     */
    Map<String, Object> readMap(int depth, boolean rowsLater) throws IOException {
        int n = unpacker.unpackMapHeader();
        checkLength(n, 2, "map");
        // Linked: wire order matters (Configure.pragmas run in the order sent).
        Map<String, Object> map = new LinkedHashMap<>(Math.max(4, n * 2));
        for (int i = 0; i < n; i++) {
            if (unpacker.getNextFormat().getValueType() != ValueType.STRING) {
                throw new ProtocolException("map keys must be strings");
            }
            String key = readString();
            if (map.containsKey(key)) {
                throw new ProtocolException("duplicate field: " + key);
            }
            if (rowsLater && i == n - 1 && key.equals("rows") && ExecuteMany.TYPE.equals(map.get("type"))
                    && unpacker.getNextFormat().getValueType() == ValueType.ARRAY) {
                int rows = unpacker.unpackArrayHeader();
                checkLength(rows, 1, "array");
                map.put(key, List.of());
                pendingRows = rows;
                return map;
            }
            map.put(key, readValue(depth + 1));
        }
        return map;
    }

    /** @return the next value, which must be a string (the caller checked its format) */
    String readString() throws IOException {
        int len = unpacker.unpackRawStringHeader();
        checkLength(len, 1, "string");
        // Read in place when the unpacker holds the bytes (always, for a frame decoded whole):
        // no copy, and none through msgpack's Unsafe.copyMemory, which a worker's C1-compiled code
        // pays a native Class.isArray call for on every string.
        MessageBuffer ref = unpacker.readPayloadAsReference(len);
        byte[] bytes;
        int offset;
        if (ref.hasArray()) {
            bytes = ref.array();
            offset = ref.arrayOffset();
        } else {
            bytes = len <= scratch.length ? scratch : new byte[len];
            ref.getBytes(0, bytes, 0, len);
            offset = 0;
        }
        if (isAscii(bytes, offset, len)) {
            // Field names, message types and most SQL: ASCII is valid UTF-8 and one byte per char,
            // so one copy into a compact String instead of a strict decode through a CharBuffer.
            return new String(bytes, offset, len, StandardCharsets.ISO_8859_1);
        }
        try {
            return utf8.decode(ByteBuffer.wrap(bytes, offset, len)).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException("string is not valid UTF-8", e);
        }
    }

    private static boolean isAscii(byte[] bytes, int offset, int len) {
        for (int i = offset; i < offset + len; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /** @return the wire type of a value of the tree, for error messages */
    static String describe(Object v) {
        if (v instanceof Map) {
            return "map";
        } else if (v instanceof List) {
            return "array";
        } else if (v instanceof Boolean) {
            return "boolean";
        }
        return Values.typeName(v);
    }
}
