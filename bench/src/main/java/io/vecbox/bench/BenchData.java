package io.vecbox.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;

/**
 * The data both sides read, in one database file: {@code vecs}, a vec0 table of {@code rows}
 * random float[384] vectors; {@code items}, a plain table of as many rows for primary-key
 * lookups; {@code blobs}, {@value #BLOB_ROWS} rows of {@value #BLOB_BYTES}-byte blobs for the
 * large-result case. Generated from a fixed seed, loaded once in one transaction, and reused when
 * a working directory already holds the same data ({@code bench_meta}).
 */
final class BenchData {
    static final int DIMENSIONS = 384;
    static final int BLOB_ROWS = 10_000;
    static final int BLOB_BYTES = 1536;
    static final long SEED = 12;

    static final String KNN_SQL = Workload.KNN_SQL;
    static final String PK_SQL = Workload.PK_SQL;
    static final String BLOB_SQL = "select id, b from blobs";
    static final String BULK_TABLE_SQL = "create virtual table %s using vec0(embedding float[" + DIMENSIONS + "])";
    static final String BULK_INSERT_SQL = "insert into %s(rowid, embedding) values (?, ?)";

    private BenchData() {
    }

    /**
     * Loads the data unless the database already holds it.
     *
     * @param c a read-write connection with sqlite-vec loaded, in autocommit
     * @param rows how many vectors and items
     * @return true if it was loaded now, false if reused
     */
    static boolean prepare(Connection c, int rows) throws SQLException {
        if (present(c, rows)) {
            return false;
        }
        try (Statement s = c.createStatement()) {
            for (String t : new String[] {"vecs", "items", "blobs", "bench_meta"}) {
                s.execute("drop table if exists " + t);
            }
            s.execute("create virtual table vecs using vec0(embedding float[" + DIMENSIONS + "])");
            s.execute(Workload.ITEMS_TABLE_SQL);
            s.execute("create table blobs(id integer primary key, b blob not null)");
            s.execute("create table bench_meta(rows integer, dims integer, seed integer)");
        }
        c.setAutoCommit(false);
        try {
            Random r = new Random(SEED);
            try (PreparedStatement v = c.prepareStatement("insert into vecs(rowid, embedding) values (?, ?)");
                    PreparedStatement i = c.prepareStatement("insert into items(id, name, score) values (?, ?, ?)")) {
                for (int id = 1; id <= rows; id++) {
                    v.setLong(1, id);
                    v.setBytes(2, vectorBlob(r));
                    v.addBatch();
                    i.setLong(1, id);
                    i.setString(2, "item-" + id);
                    i.setDouble(3, r.nextDouble());
                    i.addBatch();
                    if (id % 1000 == 0 || id == rows) {
                        v.executeBatch();
                        i.executeBatch();
                    }
                }
            }
            try (PreparedStatement b = c.prepareStatement("insert into blobs(id, b) values (?, ?)")) {
                byte[] blob = new byte[BLOB_BYTES];
                for (int id = 1; id <= BLOB_ROWS; id++) {
                    r.nextBytes(blob);
                    b.setLong(1, id);
                    b.setBytes(2, blob);
                    b.addBatch();
                    if (id % 1000 == 0) {
                        b.executeBatch();
                    }
                }
            }
            try (PreparedStatement m = c.prepareStatement("insert into bench_meta values (?, ?, ?)")) {
                m.setInt(1, rows);
                m.setInt(2, DIMENSIONS);
                m.setLong(3, SEED);
                m.execute();
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
        return true;
    }

    private static boolean present(Connection c, int rows) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select rows, dims, seed from bench_meta")) {
            return rs.next() && rs.getInt(1) == rows && rs.getInt(2) == DIMENSIONS && rs.getLong(3) == SEED;
        } catch (SQLException e) {
            return false; // no bench_meta yet
        }
    }

    /** @return a random vector with components in [-1, 1) */
    static float[] vector(Random r) {
        float[] v = new float[DIMENSIONS];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return v;
    }

    /** @return a random vector as sqlite-vec's float32 little-endian blob */
    static byte[] vectorBlob(Random r) {
        return blob(vector(r));
    }

    /** @return v as sqlite-vec's float32 little-endian blob */
    static byte[] blob(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }
}
