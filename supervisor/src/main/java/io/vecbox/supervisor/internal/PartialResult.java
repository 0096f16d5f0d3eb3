package io.vecbox.supervisor.internal;

import io.vecbox.protocol.ErrorReply;
import io.vecbox.protocol.Part;
import io.vecbox.protocol.Response;
import io.vecbox.protocol.Result;
import io.vecbox.supervisor.PoolConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link Part}s of the query a worker is answering, held until its {@link Result} arrives and
 * joined with it; dropped if an {@link ErrorReply} (or nothing, the worker being lost) comes
 * instead, so a caller never sees part of a result. It never holds more than the caps allow: the
 * rows of the parts are counted against {@code maxRows} and measured against
 * {@code maxResultBytes} the way the worker measures them (5 bytes a row, a column name or a
 * string or binary value more than its length, 9 a number, 1 a null), and a worker that sends
 * more commits a protocol violation.
 *
 * <p>One per generation, used by its reader thread only.
 */
final class PartialResult {
    private final PoolConfig config;
    /** The wire id the parts belong to; meaningful while {@code rows} is not null. */
    private long id;
    private List<String> columns;
    private List<List<Object>> rows;
    private long bytes;

    PartialResult(PoolConfig config) {
        this.config = config;
    }

    /**
     * Holds a part of the query in flight on a worker; drops it if that query already failed at its
     * deadline (the worker's answer races the kill).
     *
     * @param dispatcher whose lock guards the worker's request in flight
     * @param w the worker
     * @param generation the generation whose reader read the part
     * @param part the part
     * @return why the part breaks the protocol, or null
     */
    String add(Dispatcher dispatcher, WorkerHandle w, long generation, Part part) {
        dispatcher.lock.lock();
        try {
            if (w.generationNumber != generation) {
                return null;
            }
            PendingRequest r = w.inFlight;
            if (r == null && part.id() <= dispatcher.lastId()) {
                clear();
                return null;
            }
            if (r == null || r.wireId != part.id()) {
                return "part for unknown request id " + part.id();
            }
            if (r.kind != RequestKind.QUERY) {
                return "part in answer to " + r.kind.wireName() + " #" + r.wireId;
            }
        } finally {
            dispatcher.lock.unlock();
        }
        return add(part);
    }

    /**
     * Adds a part of the query the worker is answering.
     *
     * @param part the part
     * @return why the part breaks the protocol, or null if it was added
     */
    String add(Part part) {
        if (rows == null || id != part.id()) {
            id = part.id();
            columns = part.columns();
            rows = new ArrayList<>();
            bytes = 0;
            for (String c : columns) {
                bytes += 5 + utf8Length(c);
            }
        } else if (!columns.equals(part.columns())) {
            return "part of #" + id + " with columns " + part.columns() + " after " + columns;
        }
        for (List<Object> row : part.rows()) {
            if (row.size() != columns.size()) {
                return "part of #" + id + " with a row of " + row.size() + " values for " + columns.size() + " columns";
            }
            bytes += measure(row);
        }
        rows.addAll(part.rows());
        if (rows.size() > config.maxRows()) {
            return "parts of #" + id + " hold " + rows.size() + " rows, past maxRows=" + config.maxRows();
        }
        if (bytes > config.maxResultBytes()) {
            return "parts of #" + id + " hold " + bytes + " bytes, past maxResultBytes=" + config.maxResultBytes();
        }
        return null;
    }

    /** Drops what is held (a part of an answer no longer awaited). */
    void clear() {
        rows = null;
        columns = null;
    }

    /**
     * The final answer to a request, joined with its parts.
     *
     * @param response the request's answer
     * @return the answer with the parts' rows ahead of its own, or as it is if it has no parts or
     *     failed (the parts are then dropped); null if the parts break the protocol with it (a
     *     result with other columns, or rows past the caps)
     */
    Response join(Response response) {
        if (rows == null || id != response.id()) {
            clear();
            return response;
        }
        List<List<Object>> held = rows;
        List<String> heldColumns = columns;
        clear();
        if (!(response instanceof Result r)) {
            return response; // an error voids the parts
        }
        if (!heldColumns.equals(r.columns())) {
            return null;
        }
        long total = 0;
        for (List<Object> row : r.rows()) {
            total += measure(row);
        }
        if (held.size() + r.rows().size() > config.maxRows() || bytes + total > config.maxResultBytes()) {
            return null;
        }
        held.addAll(r.rows());
        return new Result(r.id(), r.columns(), held, r.changes(), r.lastInsertRowid(), r.truncated(),
                r.elapsedNanos(), r.updates());
    }

    /** The worker's measure of a row (its EncodedSize): an upper bound of its encoded size. */
    private static long measure(List<Object> row) {
        long n = 5;
        for (int i = 0; i < row.size(); i++) {
            Object v = row.get(i);
            if (v == null) {
                n += 1;
            } else if (v instanceof byte[] b) {
                n += 5 + b.length;
            } else if (v instanceof String s) {
                n += 5 + utf8Length(s);
            } else {
                n += 9;
            }
        }
        return n;
    }

    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
