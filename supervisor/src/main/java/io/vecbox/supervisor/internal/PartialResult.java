package io.vecbox.supervisor.internal;

import io.vecbox.protocol.EncodedSize;
import io.vecbox.protocol.ErrorReply;
import io.vecbox.protocol.Part;
import io.vecbox.protocol.Response;
import io.vecbox.protocol.Result;
import io.vecbox.protocol.Rows;
import io.vecbox.supervisor.PoolConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link Part}s of the query (or cursor page) a worker is answering, held until its
 * {@link Result} (or {@link Rows}) arrives and joined with it; dropped if an {@link ErrorReply} (or
 * nothing, the worker being lost) comes instead, so a caller never sees part of a result. It never
 * holds more than the caps allow: the rows of the parts are counted against {@code maxRows} and
 * measured against {@code maxResultBytes} (a page: {@code fetchRows} and {@code fetchBytes}, or a
 * single row of any size) the way the worker measures them (5 bytes a row, a column name or a
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
    /** The caps of the request the parts belong to. */
    private int maxRows;
    private long maxBytes;
    /** A page: its column names are not measured, and its first row may pass {@code maxBytes} alone. */
    private boolean page;
    /** The request {@link #limit} set the caps for. */
    private long limitedId = -1;

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
            if (r.kind == RequestKind.QUERY) {
                limit(part.id(), config.maxRows(), config.maxResultBytes(), false);
            } else if (r.kind == RequestKind.OPEN_CURSOR || r.kind == RequestKind.FETCH) {
                limit(part.id(), r.fetchRows > 0 ? r.fetchRows : Integer.MAX_VALUE, r.fetchBytes, true);
            } else {
                return "part in answer to " + r.kind.wireName() + " #" + r.wireId;
            }
        } finally {
            dispatcher.lock.unlock();
        }
        return add(part);
    }

    /** Sets the caps for the parts of request {@code id} (a query: the pool's; a page: its fetch size), unless its first part set them already. */
    void limit(long id, int rows, long bytes, boolean isPage) {
        if (this.rows == null || this.id != id) {
            maxRows = rows;
            maxBytes = bytes;
            page = isPage;
            limitedId = id;
        }
    }

    /**
     * Adds a part of the query the worker is answering.
     *
     * @param part the part
     * @return why the part breaks the protocol, or null if it was added
     */
    String add(Part part) {
        if (rows == null || id != part.id()) {
            if (limitedId != part.id()) {
                limit(part.id(), config.maxRows(), config.maxResultBytes(), false); // a query's caps
            }
            id = part.id();
            columns = part.columns();
            rows = new ArrayList<>();
            bytes = 0;
            if (!page) {
                for (String c : columns) {
                    bytes += EncodedSize.column(c);
                }
            }
        } else if (!columns.equals(part.columns())) {
            return "part of #" + id + " with columns " + part.columns() + " after " + columns;
        }
        for (List<Object> row : part.rows()) {
            if (row.size() != columns.size()) {
                return "part of #" + id + " with a row of " + row.size() + " values for " + columns.size() + " columns";
            }
            bytes += EncodedSize.row(row);
        }
        rows.addAll(part.rows());
        return pastCaps(rows.size(), bytes);
    }

    private String pastCaps(long n, long measured) {
        if (n > maxRows) {
            return "parts of #" + id + " hold " + n + " rows, past " + (page ? "fetchRows=" : "maxRows=") + maxRows;
        }
        if (measured > maxBytes && !(page && n == 1)) {
            return "parts of #" + id + " hold " + measured + " bytes, past " + (page ? "fetchBytes=" : "maxResultBytes=")
                    + maxBytes;
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
        List<String> ownColumns;
        List<List<Object>> own;
        if (response instanceof Result r && !page) {
            ownColumns = r.columns();
            own = r.rows();
        } else if (response instanceof Rows r && page) {
            ownColumns = r.columns();
            own = r.rows();
        } else if (response instanceof ErrorReply) {
            return response; // an error voids the parts
        } else {
            return null; // an answer of another kind than its parts
        }
        if (!heldColumns.equals(ownColumns)) {
            return null;
        }
        long total = bytes;
        for (List<Object> row : own) {
            total += EncodedSize.row(row);
        }
        if (pastCaps(held.size() + own.size(), total) != null) {
            return null;
        }
        held.addAll(own);
        if (response instanceof Rows r) {
            return new Rows(r.id(), r.cursor(), r.columns(), held, r.done());
        }
        Result r = (Result) response;
        return new Result(r.id(), r.columns(), held, r.changes(), r.lastInsertRowid(), r.truncated(),
                r.elapsedNanos(), r.updates());
    }
}
