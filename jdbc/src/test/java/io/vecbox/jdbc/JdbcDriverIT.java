package io.vecbox.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vecbox.supervisor.WorkerPool;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The driver and the data source on real workers: statements, vectors, keys, batches, errors. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JdbcDriverIT {
    @TempDir
    Path dir;

    private static double l2(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (double) (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    @Test
    void vectorsBoundWithSetObjectAnswerKnnAsBruteForceDoes() throws Exception {
        Random random = new Random(11);
        List<float[]> vectors = new ArrayList<>();
        try (VecboxDataSource ds = new VecboxDataSource(Urls.url(dir, "knn", ""));
             Connection c = ds.getConnection()) {
            try (Statement s = c.createStatement()) {
                assertThat(s.execute("create virtual table items using vec0(embedding float[8])")).isFalse();
            }
            try (PreparedStatement insert = c.prepareStatement("insert into items(rowid, embedding) values (?, ?)")) {
                for (int i = 1; i <= 300; i++) {
                    float[] v = new float[8];
                    for (int d = 0; d < v.length; d++) {
                        v[d] = random.nextFloat() * 2 - 1;
                    }
                    vectors.add(v);
                    insert.setLong(1, i);
                    insert.setObject(2, v);
                    insert.addBatch();
                }
                assertThat(insert.executeBatch()).hasSize(300);
            }
            float[] q = vectors.get(41).clone();
            q[0] += 0.01f;
            List<Integer> expected = IntStream.range(0, vectors.size()).boxed()
                    .sorted(Comparator.comparingDouble(i -> l2(vectors.get(i), q))).limit(10).map(i -> i + 1).toList();
            List<Integer> got = new ArrayList<>();
            try (PreparedStatement knn = c.prepareStatement(
                    "select rowid, distance, embedding from items where embedding match ? and k = ? order by distance")) {
                knn.setObject(1, q);
                knn.setInt(2, 10);
                try (ResultSet r = knn.executeQuery()) {
                    while (r.next()) {
                        got.add(r.getInt(1));
                        assertThat(r.getDouble("distance")).isCloseTo(l2(vectors.get(r.getInt(1) - 1), q),
                                org.assertj.core.data.Offset.offset(1e-4));
                        assertThat(r.getObject(3, float[].class)).containsExactly(vectors.get(r.getInt(1) - 1));
                    }
                }
            }
            assertThat(got).containsExactlyElementsOf(expected);
            assertThat(got.get(0)).isEqualTo(42);
        }
    }

    @Test
    void readsGoToReadersAndWritesToTheWriter() throws Exception {
        try (VecboxDataSource ds = new VecboxDataSource(Urls.url(dir, "route", ""));
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("create table t(id integer primary key, v text)");
            assertThat(s.executeUpdate("insert into t(v) values ('a'), ('b')")).isEqualTo(2);
            WorkerPool pool = c.unwrap(WorkerPool.class);
            long before = pool.stats().completed();
            try (ResultSet r = s.executeQuery("select count(*) from t")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getLong(1)).isEqualTo(2);
            }
            assertThat(s.execute("select v from t order by id")).isTrue();
            try (ResultSet r = s.getResultSet()) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString("V")).isEqualTo("a");
            }
            assertThat(s.execute("update t set v = 'c' where id = 1 returning id, v")).as("RETURNING rows").isTrue();
            try (ResultSet r = s.getResultSet()) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(2)).isEqualTo("c");
                assertThat(r.next()).isFalse();
            }
            assertThat(pool.stats().completed()).isGreaterThan(before);
        }
    }

    @Test
    void generatedKeysAreTheLastInsertRowid() throws Exception {
        try (VecboxDataSource ds = new VecboxDataSource(Urls.url(dir, "keys", ""));
             Connection c = ds.getConnection()) {
            c.createStatement().executeUpdate("create table t(id integer primary key, v text)");
            try (PreparedStatement p = c.prepareStatement("insert into t(v) values (?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                p.setString(1, "a");
                assertThat(p.executeUpdate()).isOne();
                try (ResultSet k = p.getGeneratedKeys()) {
                    assertThat(k.next()).isTrue();
                    assertThat(k.getLong(1)).isEqualTo(1);
                    assertThat(k.next()).isFalse();
                }
                p.setString(1, "b");
                p.addBatch();
                p.setString(1, "c");
                p.addBatch();
                assertThat(p.executeBatch()).containsExactly(Statement.SUCCESS_NO_INFO, Statement.SUCCESS_NO_INFO);
                try (ResultSet k = p.getGeneratedKeys()) {
                    assertThat(k.next()).isTrue();
                    assertThat(k.getLong(1)).as("a batch reports its last row").isEqualTo(3);
                }
            }
            try (PreparedStatement p = c.prepareStatement("insert into t(v) values ('d')", new String[] {"id"})) {
                p.executeUpdate();
                try (ResultSet k = p.getGeneratedKeys()) {
                    assertThat(k.next()).isTrue();
                    assertThat(k.getLong("id")).isEqualTo(4);
                }
            }
        }
    }

    @Test
    void aFailedBatchCommitsNothingAndSaysWhy() throws Exception {
        try (VecboxDataSource ds = new VecboxDataSource(Urls.url(dir, "batch", ""));
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("create table t(id integer primary key)");
            s.addBatch("insert into t values (1)");
            s.addBatch("insert into t values (2)");
            assertThat(s.executeBatch()).containsExactly(1, 1);
            s.addBatch("insert into t values (3)");
            s.addBatch("insert into t values (1)");
            java.sql.BatchUpdateException e = catchThrowableOfType(s::executeBatch,
                    java.sql.BatchUpdateException.class);
            assertThat(e.getSQLState()).isEqualTo("23505");
            assertThat((Throwable) e.getNextException()).isInstanceOf(SQLIntegrityConstraintViolationException.class);
            try (ResultSet r = s.executeQuery("select count(*) from t")) {
                r.next();
                assertThat(r.getLong(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void statementsThatCannotRunSayWhatToDoInstead() throws Exception {
        try (VecboxDataSource ds = new VecboxDataSource(Urls.url(dir, "refuse", ""));
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("create table t(id integer primary key)");
            assertThatThrownBy(() -> s.execute("insert into t values (1); insert into t values (2)"))
                    .isInstanceOf(SQLSyntaxErrorException.class).hasMessageContaining("one statement per call");
            assertThatThrownBy(() -> s.execute("begin")).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("setAutoCommit(false)");
            assertThatThrownBy(() -> s.executeQuery("insert into t values (9)"))
                    .hasMessageContaining("returns no rows");
            assertThatThrownBy(() -> s.executeUpdate("select * from t")).hasMessageContaining("is a query");
            assertThatThrownBy(() -> s.executeQuery("select * from nowhere"))
                    .isInstanceOf(SQLSyntaxErrorException.class).hasMessageContaining("no such table: nowhere");
            SQLException dup = catchThrowableOfType(() -> {
                s.executeUpdate("insert into t values (1)");
                s.executeUpdate("insert into t values (1)");
            }, SQLIntegrityConstraintViolationException.class);
            assertThat(dup.getSQLState()).isEqualTo("23505");
            assertThat(dup.getErrorCode()).isEqualTo(1555);
            try (PreparedStatement p = c.prepareStatement("select ? + ?")) {
                p.setInt(1, 1);
                assertThatThrownBy(p::executeQuery).hasMessageContaining("parameter 2 is not set");
                assertThat(p.getParameterMetaData().getParameterCount()).isEqualTo(2);
            }
            try (ResultSet r = s.executeQuery("select count(*) from t")) {
                r.next();
                assertThat(r.getLong(1)).as("nothing of the refused statements ran").isEqualTo(1);
            }
        }
    }

    @Test
    void aReadOnlyConnectionRefusesWrites() throws Exception {
        try (VecboxDataSource ds = new VecboxDataSource(Urls.url(dir, "ro", ""));
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("create table t(id integer primary key)");
            c.setReadOnly(true);
            SQLException e = catchThrowableOfType(() -> s.executeUpdate("insert into t values (1)"), SQLException.class);
            assertThat(e.getSQLState()).isEqualTo("25006");
            try (ResultSet r = s.executeQuery("select count(*) from t")) {
                r.next();
                assertThat(r.getLong(1)).isZero();
            }
        }
    }

    @Test
    void driverManagerConnectionsOfOneUrlShareAPoolThatOutlivesThem() throws Exception {
        String url = Urls.url(dir, "shared", "readers=1");
        WorkerPool first;
        try (Connection a = DriverManager.getConnection(url); Statement s = a.createStatement()) {
            s.executeUpdate("create table t(v)");
            s.executeUpdate("insert into t values (1)");
            first = a.unwrap(WorkerPool.class);
        }
        String respelled = url.replace("queryTimeout=10s", "queryTimeout=10000ms");
        try (Connection b = DriverManager.getConnection(respelled, new java.util.Properties());
             ResultSet r = b.createStatement().executeQuery("select count(*) from t")) {
            assertThat(b.unwrap(WorkerPool.class)).isSameAs(first);
            r.next();
            assertThat(r.getLong(1)).isOne();
        }
        first.close(); // this test's own pool: other tests' URLs differ
    }

    @Test
    void aClosedDataSourceGivesNoConnectionsAndItsConnectionsFail() throws Exception {
        VecboxDataSource ds = new VecboxDataSource(Urls.url(dir, "closed", "readers=1"));
        Connection c = ds.getConnection();
        assertThat(c.isValid(5)).isTrue();
        assertThat(ds.unwrap(WorkerPool.class)).isSameAs(c.unwrap(WorkerPool.class));
        ds.close();
        SQLException e = catchThrowableOfType(ds::getConnection, SQLNonTransientConnectionException.class);
        assertThat(e.getSQLState()).isEqualTo("08003");
        SQLException f = catchThrowableOfType(() -> c.createStatement().executeQuery("select 1"), SQLException.class);
        assertThat(f.getSQLState()).isEqualTo("08003");
        assertThat(c.isValid(1)).isFalse();
        c.close();
        assertThat(c.isClosed()).isTrue();
    }
}
