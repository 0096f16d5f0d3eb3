package io.vecbox.worker;

import io.vecbox.protocol.Configure;
import io.vecbox.protocol.Query;
import io.vecbox.protocol.Result;
import io.vecbox.protocol.Role;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/**
 * A database file with sqlite-vec, a writer connection to fill it and a read-only connection on
 * which both vec0 (plain JDBC) and the KNN fast path answer the same query, for differential tests.
 */
final class Vec0Fixture implements AutoCloseable {
    final Configure config;
    final SQLiteConnection writer;
    final SQLiteConnection reader;
    final StatementCache cache;
    final AutocommitProbe probe;
    final KnnFastPath fast;

    Vec0Fixture(Path db, KnnKernel kernel) throws SQLException {
        this(db, kernel, io.vecbox.protocol.Protocol.DEFAULT_KNN_CACHE_BYTES);
    }

    /** @param knnCacheBytes the reader's {@code configure.knnCacheBytes} */
    Vec0Fixture(Path db, KnnKernel kernel, long knnCacheBytes) throws SQLException {
        config = WorkerProcess.config(Role.READER, db).withKnnCacheBytes(knnCacheBytes);
        SQLiteConfig w = new SQLiteConfig();
        w.enableLoadExtension(true);
        w.setJournalMode(SQLiteConfig.JournalMode.WAL);
        writer = (SQLiteConnection) w.createConnection("jdbc:sqlite:" + db);
        ConnectionSetup.loadSqliteVec(writer, config);
        SQLiteConfig r = new SQLiteConfig();
        r.enableLoadExtension(true);
        r.setReadOnly(true);
        reader = (SQLiteConnection) r.createConnection("jdbc:sqlite:" + db);
        ConnectionSetup.loadSqliteVec(reader, config);
        cache = new StatementCache(reader, 8);
        probe = new AutocommitProbe(reader);
        fast = new KnnFastPath(config, reader, cache, probe, kernel);
    }

    void exec(String sql) throws SQLException {
        try (Statement s = writer.createStatement()) {
            s.execute(sql);
        }
    }

    /** Runs one statement on the writer once per parameter row, in one transaction. */
    void load(String sql, List<Object[]> rows) throws SQLException {
        writer.setAutoCommit(false);
        try (PreparedStatement ps = writer.prepareStatement(sql)) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    ps.setObject(i + 1, row[i]);
                }
                ps.executeUpdate();
            }
            writer.commit();
        } finally {
            writer.setAutoCommit(true);
        }
    }

    /** @return vec0's answer on the reader: labels first, then rows */
    Result vec0(String sql, List<Object> params) throws SQLException {
        try (PreparedStatement ps = reader.prepareStatement(sql)) {
            SqlSession.bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    columns.add(md.getColumnLabel(i));
                }
                List<List<Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= columns.size(); i++) {
                        row.add(io.vecbox.protocol.Values.normalize(rs.getObject(i), i - 1));
                    }
                    rows.add(row);
                }
                return new Result(0, columns, rows, 0, 0, false, 0, List.of());
            }
        }
    }

    /** @return the fast path's answer, or null if it declined */
    Result fast(String sql, List<Object> params, int shard, int shards) throws SQLException {
        return fast.query(new Query(0, sql, params, 0, 0, 0, shard, shards), System.nanoTime(), () -> { });
    }

    static byte[] blob(float... v) {
        return KnnFastPath.encode(v);
    }

    @Override
    public void close() throws SQLException {
        cache.close();
        probe.close();
        reader.close();
        writer.close();
    }
}
