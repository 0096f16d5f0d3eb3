package io.vecbox.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

class AutocommitProbeTest {
    @TempDir
    Path dir;

    @Test
    void inAutocommitBeginSucceedsAndCommitLeavesAutocommit() throws Exception {
        Path db = dir.resolve("a.db");
        try (SQLiteConnection conn = open(db); AutocommitProbe probe = new AutocommitProbe(conn)) {
            exec(conn, "create table t(x)");
            for (int i = 0; i < 3; i++) {
                assertThat(probe.begin()).as("BEGIN in autocommit, round " + i).isTrue();
                assertThat(probe.commit()).isTrue();
            }
            // Back in autocommit: a write through sqlite3_exec is committed at once, seen by another connection.
            conn.getDatabase()._exec("insert into t values (1)");
            assertThat(countFromAnotherConnection(db)).isEqualTo(1);
        }
    }

    @Test
    void insideATransactionBeginFailsAndLeavesTheTransactionAndItsWritesAlone() throws Exception {
        Path db = dir.resolve("b.db");
        try (SQLiteConnection conn = open(db); AutocommitProbe probe = new AutocommitProbe(conn)) {
            exec(conn, "create table t(x)");
            conn.getDatabase()._exec("begin");
            conn.getDatabase()._exec("insert into t values (1)");
            assertThat(probe.begin()).as("BEGIN inside a transaction").isFalse();
            assertThat(probe.begin()).as("asked twice").isFalse();
            assertThat(countFromAnotherConnection(db)).as("uncommitted, so invisible elsewhere").isZero();
            conn.getDatabase()._exec("commit"); // fails unless the transaction is still open
            assertThat(countFromAnotherConnection(db)).as("the transaction's write, committed").isEqualTo(1);
            assertThat(probe.begin()).as("autocommit again").isTrue();
            assertThat(probe.commit()).isTrue();
        }
    }

    @Test
    void stillAnswersAfterASchemaChangeExpiredItsStatements() throws Exception {
        Path db = dir.resolve("c.db");
        try (SQLiteConnection conn = open(db); AutocommitProbe probe = new AutocommitProbe(conn)) {
            assertThat(probe.begin()).isTrue();
            assertThat(probe.commit()).isTrue();
            exec(conn, "create table t(x)");
            exec(conn, "create index t_x on t(x)");
            exec(conn, "vacuum");
            assertThat(probe.begin()).isTrue();
            assertThat(probe.commit()).isTrue();
            conn.getDatabase()._exec("begin");
            assertThat(probe.begin()).isFalse();
            conn.getDatabase()._exec("rollback");
        }
    }

    @Test
    void worksOnAReadOnlyConnection() throws Exception {
        Path db = dir.resolve("d.db");
        try (SQLiteConnection conn = open(db)) {
            exec(conn, "create table t(x)");
        }
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setReadOnly(true);
        try (SQLiteConnection reader = (SQLiteConnection) cfg.createConnection("jdbc:sqlite:" + db);
             AutocommitProbe probe = new AutocommitProbe(reader)) {
            assertThat(probe.begin()).isTrue();
            assertThat(probe.commit()).isTrue();
            reader.getDatabase()._exec("begin");
            try (Statement s = reader.createStatement(); ResultSet rs = s.executeQuery("select count(*) from t")) {
                assertThat(rs.next()).isTrue();
            }
            assertThat(probe.begin()).as("inside the read transaction").isFalse();
            reader.getDatabase()._exec("commit");
        }
    }

    private static SQLiteConnection open(Path db) throws Exception {
        Files.deleteIfExists(db);
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        return (SQLiteConnection) cfg.createConnection("jdbc:sqlite:" + db);
    }

    private static void exec(SQLiteConnection conn, String sql) throws Exception {
        try (Statement s = conn.createStatement()) {
            s.execute(sql);
        }
    }

    private static long countFromAnotherConnection(Path db) throws Exception {
        try (var other = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = other.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from t")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
