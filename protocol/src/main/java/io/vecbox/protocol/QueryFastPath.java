package io.vecbox.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.core.buffer.MessageBuffer;
import org.msgpack.core.buffer.MessageBufferInput;
import org.msgpack.value.ValueType;

/**
 * {@link MessageDecoder}'s fast path: the request a worker reads most, a {@link Query}, read straight
 * into its record without the generic tree of fields (a map, boxed numbers, lookups by name). Each
 * field name is a small number (a bit in a mask of fields seen), found from the key's bytes in the
 * frame without making a string of them. Values are read through the decoder's {@link PayloadReader},
 * with its checks.
 */
final class QueryFastPath {
    private static final int TYPE = 0;
    private static final int ID = 1;
    private static final int SQL = 2;
    private static final int PARAMS = 3;
    private static final int MAX_ROWS = 4;
    private static final int MAX_RESULT_BYTES = 5;
    private static final int TIMEOUT_MILLIS = 6;
    private static final int SHARD = 7;
    private static final int SHARDS = 8;
    /** The fields a query cannot do without (besides its type). */
    private static final int REQUIRED = 1 << ID | 1 << SQL | 1 << PARAMS;

    /** Indexed by the numbers above. */
    private static final byte[][] NAMES = names("type", "id", "sql", "params", "maxRows", "maxResultBytes",
            "timeoutMillis", "shard", "shards");

    private QueryFastPath() {
    }

    /**
     * Takes only a query with exactly the fields a supervisor sends, each once and of its type;
     * anything else, valid or not, returns null, to be decoded the generic way from the start, which
     * also gives an error its usual message.
     *
     * @param values the decoder's reader, started here on {@code in}
     * @param in the payload, held whole in memory
     * @param length the payload's length
     * @return the query, or null
     */
    static Query read(PayloadReader values, MessageBufferInput in, int length) {
        try {
            values.start(in, length);
            MessageUnpacker unpacker = values.unpacker();
            if (unpacker.getNextFormat().getValueType() != ValueType.MAP) {
                return null;
            }
            int n = unpacker.unpackMapHeader();
            if (n < 4 || n > 9 || nextKey(values) != TYPE || !nextIsString(unpacker)
                    || !Query.TYPE.equals(values.readString())) {
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
            int seen = 1 << TYPE;
            for (int i = 1; i < n; i++) {
                int key = nextKey(values);
                if (key < 0 || (seen & (1 << key)) != 0) {
                    return null;
                }
                seen |= 1 << key;
                if (key == SQL) {
                    if (!nextIsString(unpacker)) {
                        return null;
                    }
                    sql = values.readString();
                } else if (key == PARAMS) {
                    if (unpacker.getNextFormat().getValueType() != ValueType.ARRAY
                            || !((params = castList(values.readValue(1))) != null && plainValues(params))) {
                        return null;
                    }
                } else {
                    if (unpacker.getNextFormat().getValueType() != ValueType.INTEGER) {
                        return null;
                    }
                    long v = unpacker.unpackLong();
                    switch (key) {
                        case ID -> id = v;
                        case MAX_ROWS -> maxRows = v;
                        case MAX_RESULT_BYTES -> maxResultBytes = v;
                        case TIMEOUT_MILLIS -> timeoutMillis = v;
                        case SHARD -> shard = v;
                        default -> shards = v;
                    }
                }
            }
            if ((seen & REQUIRED) != REQUIRED || unpacker.getTotalReadBytes() != length
                    || !fitsInt(maxRows) || !fitsInt(shard) || !fitsInt(shards)) {
                return null;
            }
            return new Query(id, sql, params, (int) maxRows, maxResultBytes, timeoutMillis, (int) shard, (int) shards);
        } catch (IOException | MessagePackException | IllegalArgumentException e) {
            return null; // the generic way says what is wrong
        }
    }

    /** @return the next map key's number, -1 for any other key or a key that is no string */
    private static int nextKey(PayloadReader values) throws IOException {
        MessageUnpacker unpacker = values.unpacker();
        if (!nextIsString(unpacker)) {
            return -1;
        }
        int len = unpacker.unpackRawStringHeader();
        values.checkLength(len, 1, "string");
        MessageBuffer ref = unpacker.readPayloadAsReference(len);
        return ref.hasArray() ? key(ref.array(), ref.arrayOffset(), len) : -1;
    }

    private static boolean nextIsString(MessageUnpacker unpacker) throws IOException {
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

    /** @return the number of the field named by {@code bytes[offset, offset + len)}, -1 if none */
    private static int key(byte[] bytes, int offset, int len) {
        for (int k = 0; k < NAMES.length; k++) {
            byte[] name = NAMES[k];
            if (name.length == len && same(name, bytes, offset)) {
                return k;
            }
        }
        return -1;
    }

    private static boolean same(byte[] name, byte[] bytes, int offset) {
        for (int i = 0; i < name.length; i++) {
            if (name[i] != bytes[offset + i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[][] names(String... names) {
        byte[][] out = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            out[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }
}
