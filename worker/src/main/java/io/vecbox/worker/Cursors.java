package io.vecbox.worker;

import io.vecbox.protocol.EncodedSize;
import io.vecbox.protocol.Fetch;
import io.vecbox.protocol.OpenCursor;
import io.vecbox.protocol.Rows;
import io.vecbox.protocol.Values;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The worker's open cursors: statements kept open between requests and read page by page. Each
 * has its own prepared statement (never the statement cache's: a cached statement is reset when
 * it is next used) and, on a reader, keeps the connection's read snapshot while it is open. A
 * cursor not fetched for {@code cursorIdleMillis} is closed by {@link #expire}, which the
 * statement loop runs even while no request arrives. The reasons of recently closed cursors are
 * kept, so that a late {@code fetch} can say why its cursor is gone. Statement thread only.
 */
final class Cursors {
    /** How many closed cursors' reasons are remembered. */
    static final int REMEMBERED_REASONS = 1024;
    /** Room left in a frame for the page's own fields (type, ids, done) besides columns and rows. */
    private static final int PAGE_OVERHEAD_BYTES = 64;

    /** A fetch named a cursor the worker does not have; the message says why. */
    static final class GoneException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GoneException(String message) {
            super(message);
        }
    }

    private static final class Cursor {
        final long id;
        final PreparedStatement ps;
        final boolean inTransaction;
        ResultSet rs;
        List<String> columns = List.of();
        long columnBytes;
        /** The row read ahead: the next page starts with it. */
        Object[] pending;
        long lastUsedNanos;

        Cursor(long id, PreparedStatement ps, boolean inTransaction) {
            this.id = id;
            this.ps = ps;
            this.inTransaction = inTransaction;
        }
    }

    private final SQLiteConnection conn;
    private final long idleMillis;
    private final long maxFrameBytes;
    private final Map<Long, Cursor> open = new LinkedHashMap<>();
    private final Map<Long, String> closed = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
            return size() > REMEMBERED_REASONS;
        }
    };

    /** Writes the parts of large pages, or null: every page in one frame. Set before the request threads start. */
    private PartSender parts;
    private long partBytes;

    Cursors(SQLiteConnection conn, long idleMillis, int maxFrameBytes) {
        this.conn = conn;
        this.idleMillis = idleMillis;
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * @param parts writes parts of pages
     * @param partBytes a page's rows are sent ahead of it each time they pass this many encoded bytes; 0: never
     */
    void sendPartsWith(PartSender parts, long partBytes) {
        this.parts = partBytes > 0 ? parts : null;
        this.partBytes = partBytes;
    }

    /**
     * Runs the statement and returns its first page; the cursor stays open unless that page is the last.
     *
     * @param inTransaction whether a held transaction is open (its end closes the cursor)
     * @param now {@link System#nanoTime()}
     * @throws SQLException if SQLite fails the statement; the cursor is then closed
     */
    Rows open(OpenCursor o, boolean inTransaction, long now) throws SQLException {
        if (open.containsKey(o.id())) {
            throw new IllegalArgumentException("cursor " + o.id() + " is already open");
        }
        Cursor c = new Cursor(o.id(), conn.prepareStatement(o.sql()), inTransaction);
        open.put(c.id, c);
        closed.remove(c.id);
        try {
            SqlSession.bind(c.ps, o.params());
            if (c.ps.execute()) {
                c.rs = c.ps.getResultSet();
                String[] names = columnNames(c.rs);
                c.columns = List.of(names);
                for (String name : names) {
                    c.columnBytes += EncodedSize.column(name);
                }
            }
            return page(c, o.id(), o.fetchRows(), o.fetchBytes(), now);
        } catch (SQLException | RuntimeException e) {
            close(c.id, closedBy("openCursor", o.id()));
            throw e;
        }
    }

    /**
     * @throws GoneException if the cursor is not open
     * @throws SQLException if SQLite fails a step; the cursor is then closed
     */
    Rows fetch(Fetch f, long now) throws SQLException {
        Cursor c = open.get(f.cursor());
        if (c == null) {
            throw new GoneException("cursor " + f.cursor() + ": " + closed.getOrDefault(f.cursor(), "never opened"));
        }
        try {
            return page(c, f.id(), f.fetchRows(), f.fetchBytes(), now);
        } catch (SQLException | RuntimeException e) {
            close(c.id, closedBy("fetch", f.id()));
            throw e;
        }
    }

    /**
     * Adds the error code to the reason of a cursor that a failing request closed, for the next
     * fetch's CURSOR_CLOSED message; does nothing if that request did not close it (e.g. it was
     * answered CURSOR_CLOSED itself).
     */
    void failed(long cursor, String request, long requestId, String code) {
        String reason = closedBy(request, requestId);
        if (reason.equals(closed.get(cursor))) {
            closed.put(cursor, reason + " (" + code + ")");
        }
    }

    private static String closedBy(String request, long requestId) {
        return "closed when " + request + " " + requestId + " failed";
    }

    private Rows page(Cursor c, long requestId, int fetchRows, long fetchBytes, long now) throws SQLException {
        if (parts == null) {
            return page(c, requestId, fetchRows, fetchBytes, now, Long.MAX_VALUE);
        }
        try {
            return page(c, requestId, fetchRows, fetchBytes, now, partBytes);
        } finally {
            parts.finish(); // also when reading failed: the error must follow the parts already queued
        }
    }

    private Rows page(Cursor c, long requestId, int fetchRows, long fetchBytes, long now, long partBytes)
            throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        int count = 0;
        long sent = 0;
        boolean done = c.rs == null;
        long frameRoom = maxFrameBytes - PAGE_OVERHEAD_BYTES - c.columnBytes;
        long limit = Math.min(fetchBytes, frameRoom);
        long bytes = 0;
        while (!done && (fetchRows == 0 || count < fetchRows)) {
            Object[] row = next(c);
            if (row == null) {
                done = true;
                break;
            }
            long size = EncodedSize.row(row);
            if (count == 0 && size > frameRoom) {
                throw new SQLiteException("row of " + size + " bytes exceeds the frame limit (maxFrameBytes "
                        + maxFrameBytes + ", " + frameRoom + " bytes left for rows after the page's columns); "
                        + "select fewer or smaller columns", SQLiteErrorCode.SQLITE_TOOBIG);
            }
            if (count > 0 && bytes + size > limit) {
                c.pending = row; // starts the next page
                break;
            }
            rows.add(Arrays.asList(row));
            count++;
            bytes += size;
            if (bytes - sent >= partBytes) {
                parts.sendRows(requestId, c.columns, rows);
                rows = new ArrayList<>();
                sent = bytes;
            }
        }
        if (!done && c.pending == null) {
            // Read one row ahead, so that the last page says done and a caller never fetches an empty one.
            c.pending = next(c);
            done = c.pending == null;
        }
        c.lastUsedNanos = now;
        Rows page = new Rows(requestId, c.id, c.columns, rows, done);
        if (done) {
            close(c.id, "already at its end");
        }
        return page;
    }

    private static Object[] next(Cursor c) throws SQLException {
        if (c.pending != null) {
            Object[] row = c.pending;
            c.pending = null;
            return row;
        }
        if (c.rs == null || !c.rs.next()) {
            return null;
        }
        Object[] row = new Object[c.columns.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = Values.normalize(c.rs.getObject(i + 1), i);
        }
        return row;
    }

    private static String[] columnNames(ResultSet rs) throws SQLException {
        String[] names = new String[rs.getMetaData().getColumnCount()];
        for (int i = 0; i < names.length; i++) {
            names[i] = rs.getMetaData().getColumnLabel(i + 1);
        }
        return names;
    }

    /** Closes a cursor if it is open (finalizing its statement) and remembers why; idempotent. */
    void close(long cursor, String reason) {
        Cursor c = open.remove(cursor);
        if (c == null) {
            return;
        }
        closed.put(cursor, reason);
        try {
            c.ps.close();
        } catch (SQLException e) {
            StderrLog.warn("closing cursor " + cursor + " failed: " + e.getMessage());
        }
    }

    /** Closes the cursors opened inside the held transaction, which just ended ({@code how}: commit, rollback, lost). */
    void closeTransaction(String how) {
        closeWhere(c -> c.inTransaction, "closed when the transaction ended (" + how + ")");
    }

    void closeAll(String reason) {
        closeWhere(c -> true, reason);
    }

    private void closeWhere(Predicate<Cursor> which, String reason) {
        for (Cursor c : new ArrayList<>(open.values())) {
            if (which.test(c)) {
                close(c.id, reason);
            }
        }
    }

    /**
     * Closes every cursor idle for {@code cursorIdleMillis} or longer.
     *
     * @param now {@link System#nanoTime()}
     * @return nanoseconds until the next cursor would expire, or {@link Long#MAX_VALUE} if none is open
     */
    long expire(long now) {
        long idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
        long next = Long.MAX_VALUE;
        for (Cursor c : new ArrayList<>(open.values())) {
            long left = c.lastUsedNanos + idleNanos - now;
            if (left <= 0) {
                close(c.id, "closed after " + idleMillis + " ms idle (cursorIdleMillis)");
            } else {
                next = Math.min(next, left);
            }
        }
        return next;
    }

    /** @return how many cursors are open */
    int size() {
        return open.size();
    }
}
