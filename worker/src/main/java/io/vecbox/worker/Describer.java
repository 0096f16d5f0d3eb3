package io.vecbox.worker;

import io.vecbox.protocol.Configure;
import io.vecbox.protocol.Describe;
import io.vecbox.protocol.Description;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.core.CoreStatement;

/**
 * Answers {@code describe}: SQLite's verdict on a statement without running it. Statement thread only.
 *
 * <p>{@code readOnly} is what {@code sqlite3_stmt_readonly} returns, which sqlite-jdbc does not
 * expose. SQLite computes it from the compiled program in {@code resolveP2Values} (vdbeaux.c):
 * {@code Vdbe.readOnly} starts true and is cleared by an {@code OP_Transaction} whose p2 is not 0
 * (a write transaction) and by {@code OP_Vacuum}, {@code OP_JournalMode} and
 * {@code OP_Checkpoint}. {@code EXPLAIN} lists that same program, so the worker reads the opcodes
 * from {@code EXPLAIN <sql>} and applies the same rule. A statement that is itself an EXPLAIN
 * has the verdict of the statement it explains, as {@code sqlite3_stmt_readonly} documents.
 *
 * <p>SQLite applies some pragmas while compiling them ({@code sqlite3Pragma} sets flag pragmas
 * such as {@code foreign_keys} during {@code sqlite3_prepare}, EXPLAIN or not). So PRAGMA
 * statements are compiled on a second, read-only connection to the same database that exists only
 * for this, opened the first time one is described: describing never changes the worker's own
 * connection.
 */
final class Describer {
    /** The opcodes that clear Vdbe.readOnly besides a write OP_Transaction. */
    private static final Set<String> WRITING_OPCODES = Set.of("Vacuum", "JournalMode", "Checkpoint");

    private final Configure config;
    private final SQLiteConnection conn;
    private final StatementCache cache;
    private SQLiteConnection pragmaConn;

    Describer(Configure config, SQLiteConnection conn, StatementCache cache) {
        this.config = config;
        this.conn = conn;
        this.cache = cache;
    }

    /**
     * @throws IllegalArgumentException if the SQL holds no statement
     * @throws SQLException if SQLite cannot compile it
     */
    Description describe(Describe d) throws SQLException {
        SqlText.First first = SqlText.first(d.sql());
        if (first == null) {
            throw new IllegalArgumentException("no statement to describe: the SQL holds only whitespace, comments or ';'");
        }
        String statement = d.sql().substring(first.start(), first.end());
        String keyword = SqlText.firstWord(statement);
        boolean pragma = keyword.equals("pragma");
        SQLiteConnection on = pragma ? pragmaConnection() : conn;
        String[] columns;
        int parameters;
        PreparedStatement ps = pragma ? on.prepareStatement(statement) : cache.prepare(statement);
        try {
            columns = ((CoreStatement) ps).pointer.safeRun((db, ptr) -> db.column_names(ptr));
            parameters = ps.getParameterMetaData().getParameterCount();
        } finally {
            if (pragma) {
                ps.close();
            } else {
                cache.release(ps);
            }
        }
        String explained = keyword.equals("explain") ? SqlText.explained(statement) : statement;
        return new Description(d.id(), readOnly(on, explained), List.of(columns), parameters, first.tail());
    }

    private static boolean readOnly(SQLiteConnection on, String statement) throws SQLException {
        try (PreparedStatement explain = on.prepareStatement("explain " + statement);
             ResultSet rs = explain.executeQuery()) {
            while (rs.next()) {
                String opcode = rs.getString("opcode");
                if (opcode.equals("Transaction") && rs.getLong("p2") != 0 || WRITING_OPCODES.contains(opcode)) {
                    return false;
                }
            }
            return true;
        }
    }

    private SQLiteConnection pragmaConnection() throws SQLException {
        if (pragmaConn == null) {
            SQLiteConfig cfg = new SQLiteConfig();
            cfg.setReadOnly(true);
            cfg.enableLoadExtension(true);
            cfg.setBusyTimeout(config.busyTimeoutMillis());
            SQLiteConnection c = ConnectionSetup.open(config.database(), cfg);
            try {
                ConnectionSetup.loadSqliteVec(c, config);
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
            pragmaConn = c;
        }
        return pragmaConn;
    }

    void close() {
        if (pragmaConn != null) {
            try {
                pragmaConn.close();
            } catch (SQLException e) {
                StderrLog.warn("closing the describe connection failed: " + e.getMessage());
            }
        }
    }
}
