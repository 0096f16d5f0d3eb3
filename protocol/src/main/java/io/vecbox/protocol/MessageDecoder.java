package io.vecbox.protocol;

import java.io.IOException;
import java.io.InputStream;
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
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.core.buffer.ArrayBufferInput;
import org.msgpack.core.buffer.InputStreamBufferInput;
import org.msgpack.core.buffer.MessageBuffer;
import org.msgpack.core.buffer.MessageBufferInput;
import org.msgpack.value.ValueType;

/**
 * Turns one frame's payload into a {@link Message}, trusting nothing in it.
 *
 * <p>Every failure is a {@link ProtocolException}: malformed MessagePack, trailing bytes, a
 * missing or mistyped field, an unknown message type, nesting deeper than the protocol uses,
 * invalid UTF-8. Lengths announced inside the payload (strings, binaries, arrays, maps) are
 * checked against the bytes actually left before anything is allocated for them, so a hostile
 * payload cannot make the decoder allocate more than a small multiple of its own size.
 * Unknown fields are skipped, so newer peers can add fields.
 *
 * <p>A message is read into a generic tree of fields and then into its record, except a query
 * with exactly the fields a supervisor sends, which a worker reads for every request: that one is
 * read straight into its record, and anything the fast path does not take, valid or not, is
 * decoded the generic way from the start.
 *
 * <p>The unpacker is reused across calls. Not thread-safe.
 */
public final class MessageDecoder {
    /** The protocol never nests deeper than message map → rows array → row array → value. */
    private static final int MAX_DEPTH = 6;

    private static final byte[] NO_BYTES = new byte[0];
    private static final InputStream EMPTY_STREAM = InputStream.nullInputStream();
    /** Read-ahead of a stream decode: each read from the stream asks for up to this much. */
    private static final int STREAM_BUFFER_BYTES = 64 * 1024;

    private final ArrayBufferInput input = new ArrayBufferInput(NO_BYTES);
    private final MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(input);
    /** For {@link #decode(InputStream, int)}; made on first use, its buffer kept. */
    private InputStreamBufferInput streamInput;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private long limit;
    /** Rows of an execute-many left in the payload by the last {@link #readMap} with rowsLater, else -1. */
    private int pendingRows = -1;
    /** Those rows, until every one is taken. */
    private RowStream pending;
    /** Whether the pending rows come from a stream (else from an array). */
    private boolean pendingFromStream;
    /** Reused for short strings (field names, message types, small SQL), which need no array of their own. */
    private final byte[] scratch = new byte[256];

    /**
     * Decodes one payload.
     *
     * @param payload the buffer
     * @param offset where the payload starts
     * @param length its length
     * @return the message
     * @throws ProtocolException if the payload is not exactly one valid message
     */
    public Message decode(byte[] payload, int offset, int length) throws ProtocolException {
        return decode(payload, offset, length, false);
    }

    /**
     * @param rowsLater whether an execute-many whose {@code rows} come last is returned before
     *     they are decoded (see {@link #pending()}); the payload must then stay as it is until they are
     */
    Message decode(byte[] payload, int offset, int length, boolean rowsLater) throws ProtocolException {
        Query q = fastQuery(payload, offset, length);
        return q != null ? q : decodeGeneric(payload, offset, length, rowsLater);
    }

    /** The generic way only, without the query fast path (for tests that compare the two). */
    Message decodeGeneric(byte[] payload, int offset, int length, boolean rowsLater) throws ProtocolException {
        boolean done = true;
        try {
            input.reset(payload, offset, length);
            pendingFromStream = false;
            Message m = decodeTree(input, length, rowsLater);
            done = pending == null;
            return m;
        } catch (ProtocolException e) {
            throw e;
        } catch (IOException e) {
            // The input is an in-memory buffer: no I/O can fail.
            throw new java.io.UncheckedIOException(e);
        } finally {
            if (done && length > Protocol.KEEP_BUFFER_BYTES) {
                forget();
            }
        }
    }

    /**
     * Decodes one payload as it is read from a stream, without a buffer of its size: binaries
     * and strings are read into their own arrays, so a frame's bytes are copied once. The same
     * checks apply as to {@link #decode(byte[], int, int)}: announced lengths are checked
     * against the bytes left in the frame ({@code length}) before anything is allocated, so a
     * hostile frame costs no more than its (already limited) length.
     *
     * @param payload exactly the frame's payload: it must report end of stream after
     *     {@code length} bytes, since the decoder reads ahead (see {@link FrameReader#payloadStream})
     * @param length the payload's length
     * @return the message
     * @throws ProtocolException if the payload is not exactly one valid message
     * @throws IOException if reading the stream failed, e.g. an {@link java.io.EOFException} if it
     *     ended before {@code length} bytes
     */
    public Message decode(InputStream payload, int length) throws IOException {
        return decode(payload, length, false);
    }

    /**
     * @param rowsLater whether an execute-many whose {@code rows} come last is returned before
     *     they are read from the stream (see {@link #pending()})
     */
    Message decode(InputStream payload, int length, boolean rowsLater) throws IOException {
        if (streamInput == null) {
            streamInput = new InputStreamBufferInput(payload, STREAM_BUFFER_BYTES);
        } else {
            streamInput.reset(payload);
        }
        boolean done = true;
        try {
            pendingFromStream = true;
            Message m = decodeTree(streamInput, length, rowsLater);
            done = pending == null;
            return m;
        } finally {
            if (done) {
                endStream();
            }
        }
    }

    private void endStream() throws IOException {
        streamInput.reset(EMPTY_STREAM);
        forget();
    }

    /** @return the rows the last decode left in its payload, until every one is taken; else null */
    RowStream pending() {
        return pending;
    }

    /**
     * Decodes row {@code index} of the pending execute-many; after the last one, checks that the
     * payload ends there and lets go of it.
     */
    List<Object> nextRow(int index, boolean last) throws IOException {
        boolean ok = false;
        try {
            String where = ExecuteMany.TYPE + ": field 'rows[" + index + "]'";
            if (unpacker.getNextFormat().getValueType() != ValueType.ARRAY) {
                throw new ProtocolException(where + " must be an array, got "
                        + unpacker.getNextFormat().getValueType().name().toLowerCase(java.util.Locale.ROOT));
            }
            @SuppressWarnings("unchecked")
            List<Object> row = (List<Object>) readValue(2);
            for (int i = 0; i < row.size(); i++) {
                Object v = row.get(i);
                if (v != null && !(v instanceof Long) && !(v instanceof Double) && !(v instanceof String)
                        && !(v instanceof byte[])) {
                    throw new ProtocolException(where.substring(0, where.length() - 1) + "[" + i + "]' must be nil, "
                            + "int, float, string or binary, got " + describe(v));
                }
            }
            if (last) {
                checkEnd();
            }
            ok = true;
            return java.util.Collections.unmodifiableList(row);
        } catch (MessagePackException e) {
            throw new ProtocolException("malformed MessagePack: " + e.getMessage(), e);
        } finally {
            if (last || !ok) {
                pending = null;
                if (pendingFromStream) {
                    endStream();
                } else if (limit > Protocol.KEEP_BUFFER_BYTES) {
                    forget();
                }
            }
        }
    }

    private void checkEnd() throws ProtocolException {
        if (unpacker.getTotalReadBytes() != limit) {
            throw new ProtocolException("frame holds " + (limit - unpacker.getTotalReadBytes())
                    + " bytes after its MessagePack value");
        }
    }

    /** Drops the unpacker's reference to the last payload, so that a large one can be collected. */
    private void forget() {
        input.reset(NO_BYTES);
        try {
            unpacker.reset(input);
        } catch (IOException e) {
            // Resetting to an in-memory input does no I/O.
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * @throws ProtocolException if the payload is malformed
     * @throws IOException if the input failed (only a stream input can)
     */
    private Message decodeTree(MessageBufferInput in, int length, boolean rowsLater) throws IOException {
        Object tree;
        pendingRows = -1;
        try {
            unpacker.reset(in);
            limit = length;
            if (rowsLater && unpacker.getNextFormat().getValueType() == ValueType.MAP) {
                tree = readMap(0, true);
            } else {
                tree = readValue(0);
            }
            if (pendingRows < 0) {
                checkEnd();
            }
        } catch (MessagePackException e) {
            throw new ProtocolException("malformed MessagePack: " + e.getMessage(), e);
        }
        if (!(tree instanceof Map<?, ?> map)) {
            throw new ProtocolException("a message must be a map, got " + describe(tree));
        }
        @SuppressWarnings("unchecked")
        Fields f = new Fields((Map<String, Object>) map);
        Message m = WireMessages.build(f);
        if (pendingRows >= 0) {
            pending = new RowStream(this, (ExecuteMany) m, pendingRows);
            if (pendingRows == 0) {
                pending = null; // no rows: the frame must end here
                checkEnd();
            }
        }
        return m;
    }

    /**
     * The request a worker reads most, decoded without the generic tree of fields (a map, boxed
     * numbers, lookups by name). Takes only a query with exactly the fields a supervisor sends, each
     * once and of its type; anything else, valid or not, returns null and is decoded the generic
     * way from the start, which also gives an error its usual message.
     *
     * @return the query, or null
     */
    Query fastQuery(byte[] payload, int offset, int length) {
        try {
            input.reset(payload, offset, length);
            unpacker.reset(input);
            limit = length;
            if (unpacker.getNextFormat().getValueType() != ValueType.MAP) {
                return null;
            }
            int n = unpacker.unpackMapHeader();
            if (n < 4 || n > 9 || nextKey() != QueryFastPath.TYPE || !nextIsString()
                    || !Query.TYPE.equals(readString())) {
                return null;
            }
            long id = 0;
            String sql = null;
            List<Object> params = null;
            long maxRows = 0;
            long maxResultBytes = 0;
            long timeoutMillis = 0;
            long shard = 0;
            long shards = 0;
            int seen = 1 << QueryFastPath.TYPE;
            for (int i = 1; i < n; i++) {
                int key = nextKey();
                if (key < 0 || (seen & (1 << key)) != 0) {
                    return null;
                }
                seen |= 1 << key;
                if (key == QueryFastPath.SQL) {
                    if (!nextIsString()) {
                        return null;
                    }
                    sql = readString();
                } else if (key == QueryFastPath.PARAMS) {
                    if (unpacker.getNextFormat().getValueType() != ValueType.ARRAY
                            || !((params = castList(readValue(1))) != null && plainValues(params))) {
                        return null;
                    }
                } else {
                    if (unpacker.getNextFormat().getValueType() != ValueType.INTEGER) {
                        return null;
                    }
                    long v = unpacker.unpackLong();
                    switch (key) {
                        case QueryFastPath.ID -> id = v;
                        case QueryFastPath.MAX_ROWS -> maxRows = v;
                        case QueryFastPath.MAX_RESULT_BYTES -> maxResultBytes = v;
                        case QueryFastPath.TIMEOUT_MILLIS -> timeoutMillis = v;
                        case QueryFastPath.SHARD -> shard = v;
                        default -> shards = v;
                    }
                }
            }
            if ((seen & QueryFastPath.REQUIRED) != QueryFastPath.REQUIRED || unpacker.getTotalReadBytes() != length
                    || !fitsInt(maxRows) || !fitsInt(shard) || !fitsInt(shards)) {
                return null;
            }
            return new Query(id, sql, params, (int) maxRows, maxResultBytes, timeoutMillis, (int) shard, (int) shards);
        } catch (IOException | MessagePackException | IllegalArgumentException e) {
            return null; // the generic way says what is wrong
        }
    }

    /** @return the next map key's {@link QueryFastPath} number, -1 for any other key or a key that is no string */
    private int nextKey() throws IOException {
        if (!nextIsString()) {
            return -1;
        }
        int len = unpacker.unpackRawStringHeader();
        checkLength(len, 1, "string");
        MessageBuffer ref = unpacker.readPayloadAsReference(len);
        return ref.hasArray() ? QueryFastPath.key(ref.array(), ref.arrayOffset(), len) : -1;
    }

    private boolean nextIsString() throws IOException {
        return unpacker.getNextFormat().getValueType() == ValueType.STRING;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(Object v) {
        return v instanceof List<?> l ? (List<Object>) l : null;
    }

    /** @return whether every value is one a parameter may be (as {@code Fields.values} checks) */
    private static boolean plainValues(List<Object> values) {
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            if (v != null && !(v instanceof Long) && !(v instanceof Double) && !(v instanceof String)
                    && !(v instanceof byte[])) {
                return false;
            }
        }
        return true;
    }

    private static boolean fitsInt(long v) {
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
    }

    private long remaining() {
        return limit - unpacker.getTotalReadBytes();
    }

    private void checkLength(long announced, long minBytesEach, String what) throws ProtocolException {
        if (announced < 0 || announced * minBytesEach > remaining()) {
            throw new ProtocolException(what + " announces " + announced + " entries/bytes but only "
                    + remaining() + " bytes remain in the frame");
        }
    }

    private Object readValue(int depth) throws IOException {
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
    private Map<String, Object> readMap(int depth, boolean rowsLater) throws IOException {
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

    private String readString() throws IOException {
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
