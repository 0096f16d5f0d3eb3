package io.vecbox.protocol;

import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Sample messages of every type, deep equality for records holding byte[], odd streams. */
final class TestMessages {
    static final int MAX_FRAME = 1024 * 1024;

    private TestMessages() {
    }

    /** Every value type and its edge cases, as a host would pass them (float[] not yet a blob). */
    static List<Object> edgeParams() {
        return Arrays.asList(null, 0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 42, (short) -7, (byte) 127,
                Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE,
                Double.MAX_VALUE, 1.5f, true, false, "", "plain", "héllo wörld — 世界 🚀 \u0000 end",
                new byte[0], new byte[] {0, (byte) 0xff, (byte) 0xc1, 0x7f},
                new float[] {1.0f, -2.5f, Float.NaN, Float.MAX_VALUE, 0.1f}, new float[0]);
    }

    static Map<String, String> pragmas() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("journal_mode", "wal");
        p.put("synchronous", "NORMAL");
        p.put("cache_size", "-20000");
        return p;
    }

    static Map<String, Long> limits() {
        Map<String, Long> l = new LinkedHashMap<>();
        l.put("LENGTH", 1_000_000_000L);
        l.put("SQL_LENGTH", 100_000L);
        l.put("VARIABLE_NUMBER", 32_766L);
        return l;
    }

    /** Small messages of every type (each type at least once), suitable for fuzzing. */
    static List<Message> all() {
        List<Message> m = new ArrayList<>();
        m.add(new Hello(Protocol.VERSION, 12345L, "3.50.4", "0.1.9", "17.0.12"));
        m.add(new Hello(Integer.MAX_VALUE, Long.MAX_VALUE, "", "", ""));
        m.add(new Configure("pool/worker-2#3", Role.WRITER, "/var/lib/vecbox/ünïcødé 数据.db", "", pragmas(),
                5000, 10_000, 16L * 1024 * 1024, 64, limits(), true, Protocol.DEFAULT_MAX_FRAME_BYTES));
        m.add(new Configure("r", Role.READER, ":memory:", "/opt/vec0.so", Map.of(), 0, 0, 0L, 0, Map.of(),
                false, 1));
        m.add(new Configure("r", Role.READER, "r.db", "", pragmas(), 1000, 10, 1L, 0, limits(), true,
                Protocol.DEFAULT_MAX_FRAME_BYTES, List.of("load_extension", "mode"), 256L << 20,
                List.of("padl", "replicate")));
        m.add(new Configure("w", Role.WRITER, "w.db", "", Map.of(), 1000, 10, 1L, 0, Map.of(), false,
                Protocol.DEFAULT_MAX_FRAME_BYTES, List.of(), 0L, List.of(), 1L));
        m.add(new Configure("r", Role.READER, "r.db", "", Map.of(), 1000, 10, 1L, 0, Map.of(), false,
                Protocol.DEFAULT_MAX_FRAME_BYTES, List.of(), 0L, List.of(), 1L, 0L, 512L * 1024));
        m.add(new Configure("w", Role.WRITER, "w.db", "", Map.of(), 1000, 10, 1L, 0, Map.of(), false,
                Protocol.DEFAULT_MAX_FRAME_BYTES, List.of(), 0L, List.of(), 1L, 0L, 0L, false));
        m.add(new Configure("r", Role.READER, "r.db", "", Map.of(), 1000, 10, 1L, 0, Map.of(), false,
                Protocol.DEFAULT_MAX_FRAME_BYTES, List.of(), 0L, List.of(), 1L, 1L << 20, 0L, true, true));
        m.add(new Ready(4242L, "3.50.4", "0.1.9", "wal"));
        m.add(new Query(1L, "SELECT rowid, distance FROM vec_items WHERE embedding MATCH ? AND k = ?",
                List.of(new float[] {0.1f, 0.2f, -0.3f, 1e30f}, 10), 100, 1 << 20, 2500L));
        m.add(new Query(Long.MAX_VALUE, "SELECT ?1, ?2, ?3", edgeParams(), 0, 0L, 0L));
        m.add(new Query(0L, "", List.of(), Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE));
        m.add(new Query(4L, "SELECT rowid, distance FROM v WHERE embedding MATCH ? AND k = 10", List.of("[1]"),
                0, 0L, 0L, 1, 2));
        m.add(new Execute(2L, "INSERT INTO t(a, b, c) VALUES (?, ?, ?)", Arrays.asList(null, "ü", new byte[3]), 0L));
        m.add(new Execute(-1L, "CREATE TABLE t(x)", List.of(), 1L));
        m.add(new Batch(3L, List.of(
                new SqlStatement("INSERT INTO t VALUES (?)", List.of(1)),
                new SqlStatement("UPDATE t SET x = x + ?", Arrays.asList((Object) null)),
                new SqlStatement("DELETE FROM t", List.of())), 60_000L));
        m.add(new Batch(4L, List.of(), 0L));
        m.add(new ExecuteMany(5L, "INSERT INTO vec_items(rowid, embedding) VALUES (?, ?)", List.of(
                List.of(1, new float[] {1f, 2f}),
                Arrays.asList(2L, null),
                List.of(Long.MIN_VALUE, "x"),
                List.of()), 0L));
        m.add(new ExecuteMany(6L, "INSERT INTO t VALUES (?)", List.of(), 0L));
        m.add(new Describe(20L, "SELECT rowid FROM vec_items WHERE embedding MATCH ? -- ü"));
        m.add(new Describe(Long.MIN_VALUE, ""));
        for (TransactionRequest.Action action : TransactionRequest.Action.values()) {
            m.add(new TransactionRequest(21L + action.ordinal(), action, action.ordinal() * 1000L));
        }
        m.add(new OpenCursor(24L, "SELECT * FROM t WHERE x > ?", edgeParams(), 0, 1L << 20, 5000L));
        m.add(new OpenCursor(Long.MAX_VALUE, "", List.of(), Integer.MAX_VALUE, Long.MAX_VALUE, 0L));
        m.add(new Fetch(25L, 24L, 100, 1L, 0L));
        m.add(new Fetch(Long.MAX_VALUE, Long.MIN_VALUE, 0, Long.MAX_VALUE, Long.MAX_VALUE));
        m.add(new CloseCursor(26L, 24L));
        m.add(new Cancel(7L));
        m.add(new Ping(1L));
        m.add(new Ping(Long.MIN_VALUE));
        m.add(new Shutdown(Long.MAX_VALUE));
        m.add(new Pong(1L, false));
        m.add(new Pong(8L, true));
        m.add(new Result(9L, List.of("rowid", "distance", "label", "embedding", "missing"), List.of(
                Arrays.asList(1L, 0.25, "α", Values.floatsToBlob(new float[] {1f, 2f}), null),
                Arrays.asList(Long.MIN_VALUE, Double.NaN, "", new byte[0], null),
                Arrays.asList(Long.MAX_VALUE, Double.NEGATIVE_INFINITY, "🚀", new byte[] {1}, null)),
                0L, 0L, true, 123_456_789L, List.of()));
        m.add(new Result(10L, List.of(), List.of(), 3L, 99L, false, 0L,
                List.of(new UpdateCount(1, 97), new UpdateCount(2, 99), new UpdateCount(0, Long.MIN_VALUE))));
        m.add(new Result(11L, List.of(), List.of(), 0L, 0L, false, 0L, List.of()));
        m.add(new Result(12L, List.of(), List.of(), 3L, 7L, false, 5L, List.of(
                new UpdateCount(2, 6, List.of("id", "v"), List.of(Arrays.asList(5L, "ü"), Arrays.asList(6L, null)),
                        false),
                new UpdateCount(0, 6),
                new UpdateCount(1, 7, List.of("embedding"), List.of(List.of(new byte[] {1, 2, 3, 4})), true))));
        m.add(new Description(27L, true, List.of("rowid", "distance", "ü"), 2, false));
        m.add(new Description(28L, false, List.of(), 0, true));
        m.add(new Rows(29L, 24L, List.of("id", "v"), List.of(Arrays.asList(1L, "α"), Arrays.asList(Long.MIN_VALUE,
                null), Arrays.asList(0L, new byte[] {1, 2})), false));
        m.add(new Rows(30L, 24L, List.of("id"), List.of(), true));
        m.add(new Part(31L, List.of("id", "v"), List.of(Arrays.asList(1L, "α"), Arrays.asList(Long.MIN_VALUE,
                null), Arrays.asList(0L, new byte[] {1, 2}), Arrays.asList(-1L, 0.5))));
        m.add(new Part(32L, List.of(), List.of()));
        for (ErrorCode code : ErrorCode.values()) {
            m.add(new ErrorReply(100L + code.ordinal(), code, code == ErrorCode.SQL_ERROR ? 2067 : 0,
                    "UNIQUE constraint failed: t.x — ü", code == ErrorCode.SANDBOX_DENIED ? "no-attach" : "",
                    code.ordinal() * 1000L));
        }
        m.add(new ErrorReply(0L, ErrorCode.NOT_READY, 0, "", "", 0L));
        return m;
    }

    /** Messages near the size limits, for round trips only. */
    static List<Message> large() {
        byte[] big = new byte[MAX_FRAME - 4096];
        new Random(1).nextBytes(big);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            rows.add(Arrays.asList((long) i, i * 0.5, "row " + i, new byte[i % 7], null));
        }
        float[] vec = new float[1536];
        for (int i = 0; i < vec.length; i++) {
            vec[i] = (float) Math.sin(i);
        }
        return List.of(
                new Result(1L, List.of("blob"), List.of(List.of(big)), 0L, 0L, false, 1L, List.of()),
                new Result(2L, List.of("id", "half", "name", "bytes", "nothing"), rows, 0L, 0L, true, 2L, List.of()),
                new Query(3L, "SELECT * FROM v WHERE embedding MATCH ?", List.of(vec), 0, 0L, 0L),
                new Execute(4L, "SELECT ?", List.of("x".repeat(100_000) + "ü"), 0L));
    }

    static byte[] encodeFrames(List<? extends Message> messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MessageWriter w = new MessageWriter(out, MAX_FRAME);
        try {
            for (Message m : messages) {
                w.write(m);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] payload(Message m) {
        return new MessageEncoder().encode(m).toByteArray();
    }

    static byte[] frame(byte[] payload) {
        byte[] f = new byte[payload.length + 4];
        f[0] = (byte) (payload.length >>> 24);
        f[1] = (byte) (payload.length >>> 16);
        f[2] = (byte) (payload.length >>> 8);
        f[3] = (byte) payload.length;
        System.arraycopy(payload, 0, f, 4, payload.length);
        return f;
    }

    static void assertSameMessage(Object actual, Object expected) {
        if (!deepEquals(actual, expected)) {
            fail("messages differ:%n  expected: %s%n  actual:   %s", describe(expected), describe(actual));
        }
    }

    /**
     * Structural equality: records component by component, lists and maps element by element,
     * byte[] by content, doubles with {@link Double#equals} (NaN equals NaN, -0.0 differs from 0.0).
     */
    static boolean deepEquals(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!deepEquals(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !deepEquals(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a.getClass() != b.getClass()) {
            return false;
        }
        if (a.getClass().isRecord()) {
            for (RecordComponent c : a.getClass().getRecordComponents()) {
                try {
                    if (!deepEquals(c.getAccessor().invoke(a), c.getAccessor().invoke(b))) {
                        return false;
                    }
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
            return true;
        }
        return a.equals(b);
    }

    static String describe(Object o) {
        if (o instanceof byte[] b) {
            return b.length > 32 ? "bin[" + b.length + "]" : "bin(" + HexFormat.of().formatHex(b) + ")";
        }
        if (o instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(describe(l.get(i)));
            }
            return sb.append(']').toString();
        }
        if (o != null && o.getClass().isRecord()) {
            StringBuilder sb = new StringBuilder(o.getClass().getSimpleName()).append('[');
            RecordComponent[] cs = o.getClass().getRecordComponents();
            for (int i = 0; i < cs.length; i++) {
                try {
                    sb.append(i == 0 ? "" : ", ").append(cs[i].getName()).append('=')
                            .append(describe(cs[i].getAccessor().invoke(o)));
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
            return sb.append(']').toString();
        }
        return String.valueOf(o);
    }

    /** Returns at most one byte per read call, however much was asked for. */
    static final class OneByteInputStream extends InputStream {
        private final byte[] data;
        private int pos;

        OneByteInputStream(byte[] data) {
            this.data = data;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            int c = read();
            if (c < 0) {
                return -1;
            }
            b[off] = (byte) c;
            return 1;
        }
    }

    /** Returns random short reads (1..maxChunk bytes), as a pipe might. */
    static final class ChunkedInputStream extends InputStream {
        private final byte[] data;
        private final Random random;
        private final int maxChunk;
        private int pos;

        ChunkedInputStream(byte[] data, long seed, int maxChunk) {
            this.data = data;
            this.random = new Random(seed);
            this.maxChunk = maxChunk;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, data.length - pos), 1 + random.nextInt(maxChunk));
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
