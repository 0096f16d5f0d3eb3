package io.vecbox.protocol;

import java.util.ArrayList;
import java.util.List;

/** Builds typed messages from checked fields. */
final class WireMessages {
    private WireMessages() {
    }

    static Message build(Fields f) throws ProtocolException {
        try {
            return switchOnType(f);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ProtocolException(f.type() + ": " + e.getMessage(), e);
        }
    }

    private static Message switchOnType(Fields f) throws ProtocolException {
        switch (f.type()) {
            case Hello.TYPE:
                return new Hello(f.int32("protocolVersion"), f.int64("pid"), f.string("sqliteVersion"),
                        f.string("sqliteVecVersion"), f.string("javaVersion", ""));
            case Configure.TYPE:
                return new Configure(f.string("name"), Role.fromWire(f.string("role")), f.string("database"),
                        f.string("sqliteVec", ""), f.stringMap("pragmas"), f.int32("busyTimeoutMillis"),
                        f.int32("maxRows"), f.int64("maxResultBytes"), f.int32("statementCacheSize", 64),
                        f.longMap("limits"), f.bool("gate", false),
                        f.int32("maxFrameBytes", Protocol.DEFAULT_MAX_FRAME_BYTES),
                        f.has("deniedFunctions") ? f.strings("deniedFunctions") : List.of(),
                        f.int64("memoryLimitBytes", 0),
                        f.has("boundedFunctions") ? f.strings("boundedFunctions") : List.of(),
                        f.int64("cursorIdleMillis", Protocol.DEFAULT_CURSOR_IDLE_MILLIS),
                        f.int64("knnCacheBytes", Protocol.DEFAULT_KNN_CACHE_BYTES), f.int64("partBytes", 0),
                        f.bool("checkpointOnClose", true), f.bool("knnWarmUp", false));
            case Ready.TYPE:
                return new Ready(f.int64("pid"), f.string("sqliteVersion"), f.string("sqliteVecVersion"),
                        f.string("journalMode", ""));
            case Query.TYPE:
                return new Query(f.int64("id"), f.string("sql"), f.values("params"), f.int32("maxRows", 0),
                        f.int64("maxResultBytes", 0), f.int64("timeoutMillis", 0), f.int32("shard", 0), f.int32("shards", 0));
            case Execute.TYPE:
                return new Execute(f.int64("id"), f.string("sql"), f.values("params"), f.int64("timeoutMillis", 0));
            case Batch.TYPE: {
                List<Object> raw = f.list("statements");
                List<SqlStatement> statements = new ArrayList<>(raw.size());
                for (int i = 0; i < raw.size(); i++) {
                    Fields s = f.nested("statements[" + i + "]", raw.get(i));
                    statements.add(new SqlStatement(s.string("sql"), s.values("params")));
                }
                return new Batch(f.int64("id"), statements, f.int64("timeoutMillis", 0));
            }
            case ExecuteMany.TYPE:
                return new ExecuteMany(f.int64("id"), f.string("sql"), f.rows("rows"), f.int64("timeoutMillis", 0));
            case Describe.TYPE:
                return new Describe(f.int64("id"), f.string("sql"));
            case TransactionRequest.TYPE:
                return new TransactionRequest(f.int64("id"), TransactionRequest.Action.fromWire(f.string("action")),
                        f.int64("timeoutMillis", 0));
            case OpenCursor.TYPE:
                return new OpenCursor(f.int64("id"), f.string("sql"), f.values("params"), f.int32("fetchRows", 0),
                        f.int64("fetchBytes"), f.int64("timeoutMillis", 0));
            case Fetch.TYPE:
                return new Fetch(f.int64("id"), f.int64("cursor"), f.int32("fetchRows", 0), f.int64("fetchBytes"),
                        f.int64("timeoutMillis", 0));
            case CloseCursor.TYPE:
                return new CloseCursor(f.int64("id"), f.int64("cursor"));
            case Cancel.TYPE:
                return new Cancel(f.int64("id"));
            case Ping.TYPE:
                return new Ping(f.int64("id"));
            case Shutdown.TYPE:
                return new Shutdown(f.int64("id"));
            case Pong.TYPE:
                return new Pong(f.int64("id"), f.bool("busy", false));
            case Result.TYPE:
                return new Result(f.int64("id"), f.strings("columns"), f.rows("rows"), f.int64("changes"),
                        f.int64("lastInsertRowid"), f.bool("truncated", false), f.int64("elapsedNanos", 0),
                        updates(f));
            case ErrorReply.TYPE:
                return new ErrorReply(f.int64("id"), ErrorCode.fromWire(f.string("code")), f.int32("sqliteCode", 0),
                        f.string("message"), f.string("rule", ""), f.int64("elapsedNanos", 0));
            case Description.TYPE:
                return new Description(f.int64("id"), f.bool("readOnly"), f.strings("columns"),
                        f.int32("parameterCount"), f.bool("tail"));
            case Part.TYPE:
                return new Part(f.int64("id"), f.strings("columns"), f.rows("rows"));
            case Rows.TYPE:
                return new Rows(f.int64("id"), f.int64("cursor"), f.strings("columns"), f.rows("rows"),
                        f.bool("done"));
            default:
                throw new ProtocolException("unknown message type '" + f.type() + "'");
        }
    }

    /** {@code updates} pairs, joined with the rows of the optional parallel {@code returned} array. */
    private static List<UpdateCount> updates(Fields f) throws ProtocolException {
        List<Object> rawUpdates = f.list("updates");
        List<Object> returned = f.has("returned") ? f.list("returned") : null;
        if (returned != null && returned.size() != rawUpdates.size()) {
            throw new ProtocolException("result: 'returned' has " + returned.size() + " entries but 'updates' has "
                    + rawUpdates.size());
        }
        List<UpdateCount> updates = new ArrayList<>(rawUpdates.size());
        for (int i = 0; i < rawUpdates.size(); i++) {
            if (!(rawUpdates.get(i) instanceof List<?> pair) || pair.size() != 2
                    || !(pair.get(0) instanceof Long changes) || !(pair.get(1) instanceof Long rowid)) {
                throw new ProtocolException("result: updates[" + i + "] must be [int, int]");
            }
            if (returned == null) {
                updates.add(new UpdateCount(changes, rowid));
            } else {
                Fields r = f.nested("returned[" + i + "]", returned.get(i));
                List<String> columns = r.has("columns") ? r.strings("columns") : List.of();
                List<List<Object>> rows = r.has("rows") ? r.rows("rows") : List.of();
                updates.add(new UpdateCount(changes, rowid, columns, rows, r.bool("truncated", false)));
            }
        }
        return updates;
    }
}
