package io.vecbox.worker;

import io.vecbox.nativelib.SqliteVec;
import io.vecbox.protocol.Configure;
import io.vecbox.protocol.Role;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;
import org.sqlite.jdbc4.JDBC4Connection;

/**
 * Opens and configures the worker's SQLite connection as {@code configure} asks: the role's open
 * flags, sqlite-vec, pragmas, limits and the sandbox's functions. Runs once, at start-up, before
 * the first request; {@link SqlSession} then owns the connection.
 */
final class ConnectionSetup {
    private ConnectionSetup() {
    }

    /** @return the SQLite library version, read from a throwaway in-memory connection */
    static String libraryVersion() throws SQLException {
        try (Connection c = open(":memory:", new SQLiteConfig());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select sqlite_version()")) {
            return rs.next() ? rs.getString(1) : "";
        }
    }

    static String bundledVecVersion() {
        return SqliteVec.version();
    }

    /** @return a connection to {@code configure.database} opened for the role, extension loading still on */
    static SQLiteConnection connect(Configure config) throws SQLException {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.enableLoadExtension(true);
        cfg.setBusyTimeout(config.busyTimeoutMillis());
        // Off: for every INSERT sqlite-jdbc would run "SELECT last_insert_rowid()" and leave that
        // statement stepped but unreset, an active statement that makes VACUUM fail. The answer
        // carries the rowid anyway (Writes.lastInsertRowid).
        cfg.setGetGeneratedKeys(false);
        if (config.role() == Role.READER) {
            cfg.setReadOnly(true);
        } else {
            cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
            cfg.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        }
        return open(config.database(), cfg);
    }

    /**
     * Opens a connection as {@code SQLiteConfig.createConnection} does ({@code JDBC.createConnection}
     * makes the same {@link JDBC4Connection}), without loading sqlite-jdbc's {@code org.sqlite.JDBC}
     * driver class, whose static initialiser registers it with {@code java.sql.DriverManager}: the
     * string concatenations there (the {@code java.sql} module's, through invokedynamic) spin
     * method-handle classes that no class-data archive holds. Measured on a writer's start: method-handle classes spun went from 11 (with
     * this module's concatenations compiled inline, 29 before) to 2, classes loaded from 1,447 to
     * 1,392 for both changes; idle RSS 0.2 MB (writer) and 0.8 MB (reader) less.
     *
     * @param file the database file, or {@code :memory:}
     */
    static SQLiteConnection open(String file, SQLiteConfig cfg) throws SQLException {
        return new JDBC4Connection("jdbc:sqlite:" + file, file, cfg.toProperties());
    }

    /**
     * Loads sqlite-vec (and turns extension loading off), runs the pragmas, sets the limits and
     * registers the sandbox's functions. On failure the caller closes the connection.
     */
    static void configure(SQLiteConnection conn, Configure config, boolean testFaults, OutputStream frames)
            throws SQLException {
        loadSqliteVec(conn, config);
        try (Statement s = conn.createStatement()) {
            for (Map.Entry<String, String> p : config.pragmas().entrySet()) {
                s.execute("pragma " + p.getKey() + " = " + p.getValue());
            }
            if (config.role() == Role.READER) {
                s.execute("pragma query_only = ON");
            }
        }
        for (Map.Entry<String, Long> limit : config.limits().entrySet()) {
            conn.setLimit(limitNamed(limit.getKey()), Math.toIntExact(limit.getValue()));
        }
        Faults.register(conn, testFaults, frames);
        DeniedFunctions.register(conn, config.deniedFunctions());
        BoundedFunctions.register(conn, config.boundedFunctions());
    }

    /** Loads sqlite-vec into a connection opened with extension loading on, then turns loading off. */
    static void loadSqliteVec(SQLiteConnection conn, Configure config) throws SQLException {
        String vec = config.sqliteVec().isEmpty() ? SqliteVec.path().toString() : config.sqliteVec();
        try (PreparedStatement ps = conn.prepareStatement("select load_extension(?)")) {
            ps.setString(1, vec);
            ps.execute();
        }
        // Loading code is the most direct way out of the sandbox: off for SQL and C alike.
        conn.getDatabase().enable_load_extension(false);
    }

    private static SQLiteLimits limitNamed(String name) {
        try {
            return SQLiteLimits.valueOf("SQLITE_LIMIT_" + name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown SQLite limit: " + name, e);
        }
    }
}
