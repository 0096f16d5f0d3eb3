package io.vecbox.bench;

import io.vecbox.nativelib.SqliteVec;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/**
 * The in-process side: a plain sqlite-jdbc connection in the host JVM with sqlite-vec loaded the
 * way a worker loads it ({@code select load_extension(?)} on the binary {@link SqliteVec#path()}
 * resolves, then extension loading switched off), WAL, SQLite's default page cache, no mmap.
 */
public final class InProcess {
    private InProcess() {
    }

    /**
     * @param db the database file
     * @return an open connection in autocommit
     */
    public static SQLiteConnection open(Path db) throws SQLException {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.enableLoadExtension(true);
        cfg.setBusyTimeout(5000);
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.setGetGeneratedKeys(false);
        SQLiteConnection conn = (SQLiteConnection) cfg.createConnection("jdbc:sqlite:" + db);
        try {
            try (PreparedStatement ps = conn.prepareStatement("select load_extension(?)")) {
                ps.setString(1, SqliteVec.path().toString());
                ps.execute();
            }
            conn.getDatabase().enable_load_extension(false);
            return conn;
        } catch (SQLException | RuntimeException e) {
            conn.close();
            throw e;
        }
    }
}
