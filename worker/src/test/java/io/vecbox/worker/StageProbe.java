package io.vecbox.worker;

import io.vecbox.protocol.Configure;
import io.vecbox.protocol.Message;
import io.vecbox.protocol.MessageReader;
import io.vecbox.protocol.MessageWriter;
import io.vecbox.protocol.Protocol;
import io.vecbox.protocol.Query;
import io.vecbox.protocol.Response;
import io.vecbox.protocol.Role;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Prices the worker's own stages of a {@code select 1} on one thread, with no pipes and no other
 * thread: decoding the query frame, {@link SqlSession#handle}, encoding the result. What is left of
 * a raw worker round trip after these and the pipe echo floor is threads and the kernel. Not a test:
 * run it by hand with the worker's flags, e.g.
 * {@code java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp <worker test class path> io.vecbox.worker.StageProbe}.
 */
public final class StageProbe {
    private StageProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path db = Files.createTempDirectory("stage").resolve("x.db");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.createStatement().execute("pragma journal_mode=wal");
        }
        long guard = Long.getLong("guard", 0L);
        Configure config = new Configure("probe/stage", Role.READER, db.toString(), "", Map.of(), 5000, 10_000,
                16 << 20, 32, Map.of(), guard > 0, Protocol.DEFAULT_MAX_FRAME_BYTES, List.of(), guard, List.of());
        OutputStream sink = OutputStream.nullOutputStream();
        SqlSession s = SqlSession.open(config, false, sink);
        MessageWriter w = new MessageWriter(sink, Protocol.DEFAULT_MAX_FRAME_BYTES, Protocol.WORKER_REUSED_BUFFER_BYTES);
        ByteArrayOutputStream one = new ByteArrayOutputStream();
        new MessageWriter(one, Protocol.DEFAULT_MAX_FRAME_BYTES).write(new Query(7, "select 1", List.of(), 10_000, 16 << 20, 30_000));
        byte[] frame = one.toByteArray();
        int n = 200_000;
        long[] handle = new long[n];
        long[] encode = new long[n];
        long[] decode = new long[n];
        java.io.InputStream replay = new java.io.InputStream() {
            int pos;

            @Override
            public int read() {
                int b = frame[pos] & 0xff;
                pos = (pos + 1) % frame.length;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int k = Math.min(len, frame.length - pos);
                System.arraycopy(frame, pos, b, off, k);
                pos = (pos + k) % frame.length;
                return k;
            }
        };
        MessageReader reader = new MessageReader(replay, Protocol.DEFAULT_MAX_FRAME_BYTES);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                Message m = reader.read();
                long t1 = System.nanoTime();
                Response r = s.handle((io.vecbox.protocol.Request) m);
                long t2 = System.nanoTime();
                w.write(r);
                long t3 = System.nanoTime();
                decode[i] = t1 - t0;
                handle[i] = t2 - t1;
                encode[i] = t3 - t2;
            }
            System.out.printf("round %d: decode p50 %.2f µs, handle p50 %.2f µs, encode p50 %.2f µs%n", round,
                    p50(decode), p50(handle), p50(encode));
        }
    }

    private static double p50(long[] v) {
        long[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2] / 1e3;
    }
}
