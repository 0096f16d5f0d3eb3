package io.vecbox.jdbc;

import io.vecbox.nativelib.SqliteVec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/** Test helper: an SQLite connection in this JVM (sqlite-jdbc, as in the workers) with sqlite-vec loaded. */
final class InProcessSqlite {
    private InProcessSqlite() {
    }

    static Connection open(Path dir) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.enableLoadExtension(true);
        Connection c = config.createConnection("jdbc:sqlite:" + dir.resolve("in-process.db"));
        try (Statement s = c.createStatement()) {
            s.execute("SELECT load_extension('" + SqliteVec.extractTo(dir.resolve("vec")) + "')");
        }
        return c;
    }
}
