package io.vecbox.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code readOnly=true}: a replica served through JDBC, every connection read-only, nothing written. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JdbcReadOnlyPoolIT {
    @TempDir
    Path dir;

    private Path replica() throws Exception {
        Path file = dir.resolve("replica.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("create table t(id integer primary key, label text)");
            s.execute("insert into t(label) values ('a'), ('b'), ('c')");
        }
        return file;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static void assertRefused(SQLException e) {
        assertThat((Object) e).as("a write on a read-only pool").isNotNull();
        assertThat(e.getSQLState()).as(e.toString()).isEqualTo("25006");
    }

    @Test
    void readsAnswerAndEveryWriteFailsWith25006LeavingTheFileAsItWas() throws Exception {
        Path file = replica();
        String before = sha256(file);
        String url = VecboxDriver.PREFIX + file + "?name=jro&readers=1&readOnly=true&queryTimeout=10s";
        try (VecboxDataSource ds = new VecboxDataSource(url); Connection c = ds.getConnection()) {
            assertThat(c.isReadOnly()).isTrue();
            assertThat(c.getMetaData().isReadOnly()).isTrue();
            c.setReadOnly(false); // a hint the pool cannot follow
            assertThat(c.isReadOnly()).isTrue();

            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(3);
            }
            try (Statement s = c.createStatement()) {
                assertRefused(catchThrowableOfType(() -> s.executeUpdate("insert into t(label) values ('x')"),
                        SQLException.class));
                s.addBatch("delete from t");
                assertRefused(catchThrowableOfType(s::executeBatch, SQLException.class));
            }

            // autoCommit(false): no writer to hold a transaction, each read runs alone; commit has nothing to do.
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("select label from t where id = ?")) {
                p.setInt(1, 2);
                try (ResultSet rs = p.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("b");
                }
            }
            c.commit();
            try (PreparedStatement p = c.prepareStatement("update t set label = ? where id = 1")) {
                p.setString(1, "z");
                assertRefused(catchThrowableOfType(p::executeUpdate, SQLException.class));
            }
            c.rollback();
        }
        assertThat(sha256(file)).as("the replica's bytes").isEqualTo(before);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select group_concat(label, '') from t order by id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("abc");
        }
    }

    @Test
    void aMissingFileFailsTheConnectionInsteadOfCreatingOne() {
        Path missing = dir.resolve("missing.db");
        String url = VecboxDriver.PREFIX + missing + "?name=jro-missing&readers=1&readOnly=true";
        SQLException e = catchThrowableOfType(() -> new VecboxDataSource(url).getConnection().close(),
                SQLException.class);
        assertThat((Object) e).isNotNull();
        assertThat(e.getMessage()).contains(missing.toString());
        assertThat(missing).doesNotExist();
    }
}
