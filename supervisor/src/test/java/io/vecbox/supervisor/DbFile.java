package io.vecbox.supervisor;

import io.vecbox.nativelib.SqliteVec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * Reads a database file in-process with sqlite-jdbc and sqlite-vec, the way any other program
 * would after the pool closed: what is in the file, not what the pool says.
 */
final class DbFile {
    private DbFile() {
    }

    /** @return each row of the query's result as a list of column values (Long, Double, String, byte[], null) */
    static List<List<Object>> rows(Path db, String sql, Object... params) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.enableLoadExtension(true);
        try (Connection c = config.createConnection("jdbc:sqlite:" + db)) {
            try (PreparedStatement load = c.prepareStatement("select load_extension(?)")) {
                load.setString(1, SqliteVec.path().toString());
                load.execute();
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                List<List<Object>> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        List<Object> row = new ArrayList<>(n);
                        for (int i = 1; i <= n; i++) {
                            Object v = rs.getObject(i);
                            row.add(v instanceof Integer x ? Long.valueOf(x) : v);
                        }
                        out.add(row);
                    }
                }
                return out;
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot read " + db + ": " + e.getMessage(), e);
        }
    }

    /** @return the first column of every row, as longs */
    static List<Long> longs(Path db, String sql, Object... params) {
        List<Long> out = new ArrayList<>();
        for (List<Object> row : rows(db, sql, params)) {
            out.add(((Number) row.get(0)).longValue());
        }
        return out;
    }
}
