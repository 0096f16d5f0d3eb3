package io.vecbox.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The field names of a {@link Query} as {@link MessageDecoder}'s fast path knows them: each a small
 * number (a bit in a mask of fields seen), found from the key's bytes in the frame without making a
 * string of them.
 */
final class QueryFastPath {
    static final int TYPE = 0;
    static final int ID = 1;
    static final int SQL = 2;
    static final int PARAMS = 3;
    static final int MAX_ROWS = 4;
    static final int MAX_RESULT_BYTES = 5;
    static final int TIMEOUT_MILLIS = 6;
    static final int SHARD = 7;
    static final int SHARDS = 8;
    /** The fields a query cannot do without (besides its type). */
    static final int REQUIRED = 1 << ID | 1 << SQL | 1 << PARAMS;

    /** Indexed by the numbers above. */
    private static final byte[][] NAMES = names("type", "id", "sql", "params", "maxRows", "maxResultBytes",
            "timeoutMillis", "shard", "shards");

    private QueryFastPath() {
    }

    /** @return the number of the field named by {@code bytes[offset, offset + len)}, -1 if none */
    static int key(byte[] bytes, int offset, int len) {
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
