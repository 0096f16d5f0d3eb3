package io.vecbox.supervisor;

import io.vecbox.nativelib.SqliteVec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import org.sqlite.SQLiteConfig;

/**
 * Database files made in-process with sqlite-jdbc and sqlite-vec, as a replication tool would leave
 * them (WAL mode, connection closed, so no {@code -wal} or {@code -shm} beside them), each marked with
 * its generation: table {@code t(gen, i)} holds {@link #ROWS} rows all of one {@code gen}, and the vec0
 * table {@code items} holds {@link #ROWS} vectors whose rowids are {@code gen * 1000 + i}, so a KNN
 * answer's rowids say which file it came from.
 */
final class ReplicaFiles {
    static final int ROWS = 200;
    static final String KNN = "select rowid, distance from items where embedding match ? and k = ?";

    private ReplicaFiles() {
    }

    /** Makes {@code file} holding generation {@code gen}; returns it. */
    static Path make(Path file, int gen) {
        SQLiteConfig config = new SQLiteConfig();
        config.enableLoadExtension(true);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        try (Connection c = config.createConnection("jdbc:sqlite:" + file)) {
            try (PreparedStatement load = c.prepareStatement("select load_extension(?)")) {
                load.setString(1, SqliteVec.path().toString());
                load.execute();
            }
            try (Statement s = c.createStatement()) {
                s.execute("create table t(gen int, i int)");
                s.execute("create virtual table items using vec0(embedding float[4], chunk_size=8)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement t = c.prepareStatement("insert into t(gen, i) values (?, ?)");
                 PreparedStatement v = c.prepareStatement("insert into items(rowid, embedding) values (?, ?)")) {
                for (int i = 1; i <= ROWS; i++) {
                    t.setInt(1, gen);
                    t.setInt(2, i);
                    t.executeUpdate();
                    v.setLong(1, gen * 1000L + i);
                    v.setBytes(2, vector(i % 4, (i * 7) % 3, 1, (i % 5) / 2f));
                    v.executeUpdate();
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new AssertionError("cannot make " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    static byte[] vector(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    /** @return the SHA-256 of the file's bytes, to show it was not written */
    static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
