package io.vecbox.worker;

import io.vecbox.protocol.Configure;
import io.vecbox.protocol.EncodedSize;
import io.vecbox.protocol.Query;
import io.vecbox.protocol.Result;
import io.vecbox.protocol.Role;
import io.vecbox.protocol.Values;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sqlite.SQLiteConnection;

/**
 * The {@code query} request: one statement, its rows read into one answer within
 * {@code maxRows} and {@code maxResultBytes}. When the supervisor asked for parts
 * ({@code configure.partBytes}), rows are sent ahead of the answer in {@link Part}s of about that
 * many encoded bytes while the next rows are read; the caps count the rows of all parts and of the
 * answer together. Statement thread only.
 */
final class Queries {
    private final Configure config;
    private final SQLiteConnection conn;
    private final StatementCache cache;

    /** Writes parts, or null: every answer in one frame. Set before the request threads start. */
    private PartSender parts;

    Queries(Configure config, SQLiteConnection conn, StatementCache cache) {
        this.config = config;
        this.conn = conn;
        this.cache = cache;
    }

    /** @param parts writes the parts of large answers, if {@code configure.partBytes} asks for them */
    void sendPartsWith(PartSender parts) {
        this.parts = config.partBytes() > 0 ? parts : null;
    }

    Result query(Query q, long start) throws SQLException {
        if (parts == null) {
            return read(q, start, Long.MAX_VALUE);
        }
        try {
            return read(q, start, config.partBytes());
        } finally {
            // Also when reading failed: the error that answers must follow the parts already queued.
            parts.finish();
        }
    }

    private Result read(Query q, long start, long partBytes) throws SQLException {
        int maxRows = q.maxRows() > 0 ? q.maxRows() : config.maxRows();
        long maxBytes = q.maxResultBytes() > 0 ? q.maxResultBytes() : config.maxResultBytes();
        PreparedStatement ps = cache.prepare(q.sql());
        try {
            SqlSession.bind(ps, q.params());
            if (!ps.execute()) {
                return new Result(q.id(), List.of(), List.of(), conn.getDatabase().changes(), 0, false,
                        System.nanoTime() - start, List.of());
            }
            try (ResultSet rs = ps.getResultSet()) {
                ResultSetMetaData md = rs.getMetaData();
                int n = md.getColumnCount();
                List<String> columns = new ArrayList<>(n);
                long bytes = 0;
                for (int i = 1; i <= n; i++) {
                    String name = md.getColumnLabel(i);
                    columns.add(name);
                    bytes += EncodedSize.column(name);
                }
                List<List<Object>> rows = new ArrayList<>();
                int kept = 0;
                long sent = bytes;
                boolean truncated = false;
                while (rs.next()) {
                    if (kept >= maxRows) {
                        truncated = true;
                        break;
                    }
                    Object[] row = new Object[n];
                    long rowBytes = EncodedSize.ROW_OVERHEAD_BYTES;
                    for (int i = 0; i < n; i++) {
                        Object v = Values.normalize(rs.getObject(i + 1), i);
                        row[i] = v;
                        rowBytes += EncodedSize.of(v);
                    }
                    if (bytes + rowBytes > maxBytes) {
                        truncated = true;
                        break;
                    }
                    bytes += rowBytes;
                    rows.add(Arrays.asList(row));
                    kept++;
                    if (bytes - sent >= partBytes) {
                        parts.sendRows(q.id(), columns, rows);
                        rows = new ArrayList<>();
                        sent = bytes;
                    }
                }
                if (truncated && config.role() == Role.WRITER) {
                    // On the writer a statement is stepped to its end whatever is kept (see Writes).
                    while (rs.next()) {
                        // stepped for its effect only
                    }
                }
                return new Result(q.id(), columns, rows, 0, 0, truncated, System.nanoTime() - start, List.of());
            }
        } finally {
            cache.release(ps);
        }
    }
}
