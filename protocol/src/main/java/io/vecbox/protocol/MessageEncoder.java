package io.vecbox.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/**
 * Turns messages into MessagePack payloads: each a map with a {@code type} field and the
 * message's fields by name (see {@code PROTOCOL.md}).
 *
 * <p>The packer writes straight into the encoder's one buffer (no buffer of its own in between),
 * which is sized before a message with rows is encoded from an estimate of its rows' encoded
 * size, so that a large result is written into one array allocated once rather than grown by
 * doubling. The packer and the buffer are reused across calls, so {@link #encode} allocates
 * nothing for small messages. A buffer that grew for a large payload (past 1 MiB) is let go at
 * the next call. The returned bytes are valid until the next call. Not thread-safe.
 */
public final class MessageEncoder {
    /** The largest buffer sized up front from an estimate; anything larger grows as it is written. */
    private static final long MAX_PRESIZE_BYTES = Protocol.DEFAULT_MAX_FRAME_BYTES + 64 * 1024;

    private final PackerBuffer out = new PackerBuffer();
    private final int keepBytes;
    private MessagePacker packer = MessagePack.newDefaultPacker(out);

    /** An encoder that lets go of a buffer that grew past 1 MiB at the next call. */
    public MessageEncoder() {
        this(Protocol.KEEP_BUFFER_BYTES);
    }

    /**
     * @param keepBytes the largest buffer kept for the next message (at least 1 MiB); a larger
     *     one is let go at the next call
     */
    MessageEncoder(int keepBytes) {
        this.keepBytes = Math.max(Protocol.KEEP_BUFFER_BYTES, keepBytes);
    }

    /**
     * Encodes one message.
     *
     * @param message the message
     * @return the encoder's buffer; the payload is bytes {@code [0, size())}
     */
    public MessageEncoder encode(Message message) {
        begin(estimate(message));
        try {
            write(message);
            packer.flush();
        } catch (IOException e) {
            throw ioFailure(e);
        } catch (RuntimeException e) {
            throw halfWritten(e);
        }
        return this;
    }

    /**
     * Encodes a {@link Part} from its fields, as {@link #encode} would encode {@code new Part(id,
     * columns, rows)}, without building the message: no copy of the rows is made, so they must be
     * normalised already (null, Long, Double, String, byte[]). For a worker that reads a large answer
     * and encodes each part as soon as it is read, so that the rows are garbage at once.
     *
     * @param id the query's id
     * @param columns column names
     * @param rows normalised rows
     * @return this encoder; the payload is bytes {@code [0, size())} of {@link #array()}
     * @throws IllegalStateException if a value is not normalised (nothing usable is left in the buffer)
     */
    public MessageEncoder encodePart(long id, List<String> columns, List<List<Object>> rows) {
        begin(256 + rowsEstimate(rows));
        try {
            part(id, columns, rows);
            packer.flush();
        } catch (IOException e) {
            throw ioFailure(e);
        } catch (RuntimeException e) {
            throw halfWritten(e);
        }
        return this;
    }

    /** Starts a payload: an empty buffer with room for about {@code estimate} bytes. */
    private void begin(long estimate) {
        releaseLargeBuffers();
        out.reset();
        out.reserve(Math.min(MAX_PRESIZE_BYTES, estimate));
    }

    /** The sink is an in-memory buffer; an IOException here is a bug, not an I/O failure. */
    private UncheckedIOException ioFailure(IOException e) {
        packer = MessagePack.newDefaultPacker(out);
        return new UncheckedIOException(e);
    }

    /** A half-written payload: the packer would write the rest into the next one. */
    private RuntimeException halfWritten(RuntimeException e) {
        packer = MessagePack.newDefaultPacker(out);
        out.reset();
        return e;
    }

    /** @return the buffer holding the last encoded payload from offset 0 */
    public byte[] array() {
        return out.array();
    }

    /** @return the last encoded payload's length */
    public int size() {
        return out.size();
    }

    /**
     * Lets go of a buffer the last payload grew past the size kept (1 MiB unless constructed
     * otherwise); that payload is then no longer valid. The packer keeps nothing between
     * messages: it writes into this buffer, and lets go of it when a message is flushed.
     */
    public void releaseLargeBuffers() {
        out.releaseIfLargerThan(keepBytes);
    }

    /** @return the payload buffer's capacity, for tests */
    int bufferCapacity() {
        return out.array().length;
    }

    /** @return a copy of the last encoded payload */
    public byte[] toByteArray() {
        return Arrays.copyOf(out.array(), out.size());
    }

    /**
     * @return about how many bytes the message's rows take encoded (exact for numbers, nulls,
     *     blobs and ASCII text; text beyond ASCII takes more, and the buffer then grows), 0 for a
     *     message without rows
     */
    static long estimate(Message m) {
        if (m instanceof Result r) {
            long n = 256 + rowsEstimate(r.rows());
            for (UpdateCount u : r.updates()) {
                n += 64 + rowsEstimate(u.rows());
            }
            return n;
        } else if (m instanceof Rows r) {
            return 256 + rowsEstimate(r.rows());
        } else if (m instanceof Part p) {
            return 256 + rowsEstimate(p.rows());
        } else if (m instanceof ExecuteMany x) {
            return 256 + x.sql().length() + rowsEstimate(x.rows());
        }
        return 0;
    }

    private static long rowsEstimate(List<List<Object>> rows) {
        long n = 5;
        for (List<Object> row : rows) {
            n += 5;
            for (Object v : row) {
                if (v instanceof byte[] b) {
                    n += 5 + b.length;
                } else if (v instanceof String s) {
                    n += 5 + s.length();
                } else {
                    n += 9;
                }
            }
        }
        return n;
    }

    private void write(Message m) throws IOException {
        if (m instanceof Hello h) {
            header(h, 5);
            field("protocolVersion").packInt(h.protocolVersion());
            field("pid").packLong(h.pid());
            field("sqliteVersion").packString(h.sqliteVersion());
            field("sqliteVecVersion").packString(h.sqliteVecVersion());
            field("javaVersion").packString(h.javaVersion());
        } else if (m instanceof Configure c) {
            header(c, 20);
            field("name").packString(c.name());
            field("role").packString(c.role().wireName());
            field("database").packString(c.database());
            field("sqliteVec").packString(c.sqliteVec());
            field("pragmas").packMapHeader(c.pragmas().size());
            for (Map.Entry<String, String> e : c.pragmas().entrySet()) {
                packer.packString(e.getKey()).packString(e.getValue());
            }
            field("busyTimeoutMillis").packInt(c.busyTimeoutMillis());
            field("maxRows").packInt(c.maxRows());
            field("maxResultBytes").packLong(c.maxResultBytes());
            field("statementCacheSize").packInt(c.statementCacheSize());
            field("limits").packMapHeader(c.limits().size());
            for (Map.Entry<String, Long> e : c.limits().entrySet()) {
                packer.packString(e.getKey()).packLong(e.getValue());
            }
            field("gate").packBoolean(c.gate());
            field("maxFrameBytes").packInt(c.maxFrameBytes());
            field("deniedFunctions").packArrayHeader(c.deniedFunctions().size());
            for (String fn : c.deniedFunctions()) {
                packer.packString(fn);
            }
            field("memoryLimitBytes").packLong(c.memoryLimitBytes());
            field("boundedFunctions").packArrayHeader(c.boundedFunctions().size());
            for (String fn : c.boundedFunctions()) {
                packer.packString(fn);
            }
            field("cursorIdleMillis").packLong(c.cursorIdleMillis());
            field("knnCacheBytes").packLong(c.knnCacheBytes());
            field("partBytes").packLong(c.partBytes());
            field("checkpointOnClose").packBoolean(c.checkpointOnClose());
            field("knnWarmUp").packBoolean(c.knnWarmUp());
        } else if (m instanceof Ready r) {
            header(r, 4);
            field("pid").packLong(r.pid());
            field("sqliteVersion").packString(r.sqliteVersion());
            field("sqliteVecVersion").packString(r.sqliteVecVersion());
            field("journalMode").packString(r.journalMode());
        } else if (m instanceof Query q) {
            header(q, q.isShard() ? 8 : 6);
            field("id").packLong(q.id());
            field("sql").packString(q.sql());
            field("params");
            values(q.params());
            field("maxRows").packInt(q.maxRows());
            field("maxResultBytes").packLong(q.maxResultBytes());
            field("timeoutMillis").packLong(q.timeoutMillis());
            if (q.isShard()) {
                field("shard").packInt(q.shard());
                field("shards").packInt(q.shards());
            }
        } else if (m instanceof Execute e) {
            header(e, 4);
            field("id").packLong(e.id());
            field("sql").packString(e.sql());
            field("params");
            values(e.params());
            field("timeoutMillis").packLong(e.timeoutMillis());
        } else if (m instanceof Batch b) {
            header(b, 3);
            field("id").packLong(b.id());
            field("statements").packArrayHeader(b.statements().size());
            for (SqlStatement s : b.statements()) {
                packer.packMapHeader(2);
                field("sql").packString(s.sql());
                field("params");
                values(s.params());
            }
            field("timeoutMillis").packLong(b.timeoutMillis());
        } else if (m instanceof ExecuteMany x) {
            header(x, 4);
            field("id").packLong(x.id());
            field("sql").packString(x.sql());
            field("timeoutMillis").packLong(x.timeoutMillis());
            // Rows last: a worker can then run each row as it arrives (MessageReader.readRowsLater).
            field("rows");
            rows(x.rows());
        } else if (m instanceof Describe d) {
            header(d, 2);
            field("id").packLong(d.id());
            field("sql").packString(d.sql());
        } else if (m instanceof TransactionRequest t) {
            header(t, 3);
            field("id").packLong(t.id());
            field("action").packString(t.action().wireName());
            field("timeoutMillis").packLong(t.timeoutMillis());
        } else if (m instanceof OpenCursor o) {
            header(o, 6);
            field("id").packLong(o.id());
            field("sql").packString(o.sql());
            field("params");
            values(o.params());
            field("fetchRows").packInt(o.fetchRows());
            field("fetchBytes").packLong(o.fetchBytes());
            field("timeoutMillis").packLong(o.timeoutMillis());
        } else if (m instanceof Fetch f) {
            header(f, 5);
            field("id").packLong(f.id());
            field("cursor").packLong(f.cursor());
            field("fetchRows").packInt(f.fetchRows());
            field("fetchBytes").packLong(f.fetchBytes());
            field("timeoutMillis").packLong(f.timeoutMillis());
        } else if (m instanceof CloseCursor c) {
            header(c, 2);
            field("id").packLong(c.id());
            field("cursor").packLong(c.cursor());
        } else if (m instanceof Cancel c) {
            idOnly(c, c.id());
        } else if (m instanceof Ping p) {
            idOnly(p, p.id());
        } else if (m instanceof Shutdown s) {
            idOnly(s, s.id());
        } else if (m instanceof Pong p) {
            header(p, 2);
            field("id").packLong(p.id());
            field("busy").packBoolean(p.busy());
        } else if (m instanceof Result r) {
            // Any entry that carries something, so that whatever decodes encodes back unchanged.
            boolean returned = carriesReturnedRows(r.updates());
            header(r, returned ? 9 : 8);
            field("id").packLong(r.id());
            field("columns").packArrayHeader(r.columns().size());
            for (String c : r.columns()) {
                packer.packString(c);
            }
            field("rows");
            rows(r.rows());
            field("changes").packLong(r.changes());
            field("lastInsertRowid").packLong(r.lastInsertRowid());
            field("truncated").packBoolean(r.truncated());
            field("elapsedNanos").packLong(r.elapsedNanos());
            field("updates").packArrayHeader(r.updates().size());
            for (UpdateCount u : r.updates()) {
                packer.packArrayHeader(2).packLong(u.changes()).packLong(u.lastInsertRowid());
            }
            if (returned) {
                // A field of its own rather than longer pairs: a peer that predates it ignores it.
                field("returned").packArrayHeader(r.updates().size());
                for (UpdateCount u : r.updates()) {
                    packer.packMapHeader(3);
                    field("columns").packArrayHeader(u.columns().size());
                    for (String c : u.columns()) {
                        packer.packString(c);
                    }
                    field("rows");
                    rows(u.rows());
                    field("truncated").packBoolean(u.truncated());
                }
            }
        } else if (m instanceof Description d) {
            header(d, 5);
            field("id").packLong(d.id());
            field("readOnly").packBoolean(d.readOnly());
            strings("columns", d.columns());
            field("parameterCount").packInt(d.parameterCount());
            field("tail").packBoolean(d.tail());
        } else if (m instanceof Rows r) {
            header(r, 5);
            field("id").packLong(r.id());
            field("cursor").packLong(r.cursor());
            strings("columns", r.columns());
            field("rows");
            rows(r.rows());
            field("done").packBoolean(r.done());
        } else if (m instanceof Part p) {
            part(p.id(), p.columns(), p.rows());
        } else if (m instanceof ErrorReply e) {
            header(e, 6);
            field("id").packLong(e.id());
            field("code").packString(e.code().name());
            field("sqliteCode").packInt(e.sqliteCode());
            field("message").packString(e.message());
            field("rule").packString(e.rule());
            field("elapsedNanos").packLong(e.elapsedNanos());
        } else {
            throw new IllegalStateException("unknown message type: " + m.getClass().getName());
        }
    }

    private void part(long id, List<String> columns, List<List<Object>> rows) throws IOException {
        packer.packMapHeader(4);
        packer.packString("type").packString(Part.TYPE);
        field("id").packLong(id);
        strings("columns", columns);
        field("rows");
        rows(rows);
    }

    /** A loop, not a stream: every answer asks, and a stream pipeline costs more than the rest of a small one. */
    private static boolean carriesReturnedRows(List<UpdateCount> updates) {
        for (int i = 0; i < updates.size(); i++) {
            UpdateCount u = updates.get(i);
            if (u.returnsRows() || !u.rows().isEmpty() || u.truncated()) {
                return true;
            }
        }
        return false;
    }

    private void header(Message m, int fields) throws IOException {
        packer.packMapHeader(fields + 1);
        packer.packString("type").packString(m.type());
    }

    private void idOnly(Message m, long id) throws IOException {
        header(m, 1);
        field("id").packLong(id);
    }

    private MessagePacker field(String name) throws IOException {
        return packer.packString(name);
    }

    private void strings(String name, List<String> strings) throws IOException {
        field(name).packArrayHeader(strings.size());
        for (String s : strings) {
            packer.packString(s);
        }
    }

    private void rows(List<List<Object>> rows) throws IOException {
        packer.packArrayHeader(rows.size());
        for (List<Object> row : rows) {
            values(row);
        }
    }

    private void values(List<Object> values) throws IOException {
        packer.packArrayHeader(values.size());
        for (Object v : values) {
            value(v);
        }
    }

    private void value(Object v) throws IOException {
        packValue(packer, v);
    }

    /** Packs one normalised value (null, Long, Double, String, byte[]). */
    static void packValue(MessagePacker packer, Object v) throws IOException {
        if (v == null) {
            packer.packNil();
        } else if (v instanceof Long l) {
            packer.packLong(l);
        } else if (v instanceof Double d) {
            packer.packDouble(d);
        } else if (v instanceof String s) {
            packer.packString(s);
        } else if (v instanceof byte[] b) {
            packer.packBinaryHeader(b.length);
            packer.writePayload(b);
        } else {
            // Records normalise through Values.copyRow, so this is unreachable from the public API.
            throw new IllegalStateException("not a normalised value: " + v.getClass().getName());
        }
    }
}
