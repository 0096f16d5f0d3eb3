package io.vecbox.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vecbox.supervisor.WorkerPool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** ResultSets stream in bounded memory and release their worker when done, stopped or abandoned. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JdbcStreamingIT {
    private static final int ROW_BYTES = 64 * 1024;
    private static final int ROWS = 1280; // 80 MiB

    @TempDir
    Path dir;

    private static void fill(Connection c, int rows, int rowBytes) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("create table big(id integer primary key, payload blob)");
            s.executeUpdate("with recursive n(i) as (select 1 union all select i + 1 from n where i < " + rows + ") "
                    + "insert into big select i, randomblob(" + rowBytes + ") from n");
        }
    }

    @Test
    void eightyMegabytesStreamThroughAResultSetIntoAHostWithA48MegabyteHeap() throws Exception {
        String url = Urls.url(dir, "stream", "readers=1");
        try (VecboxDataSource ds = new VecboxDataSource(url); Connection c = ds.getConnection()) {
            fill(c, ROWS, ROW_BYTES);
        }
        Process host = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx48m", "-cp", System.getProperty("java.class.path"), StreamMain.class.getName(), url)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = readAll(host);
        assertThat(host.waitFor(150, TimeUnit.SECONDS)).isTrue();
        assertThat(host.exitValue()).as("output: %s", out).isZero();
        String[] f = out.trim().split(" ");
        assertThat(Long.parseLong(f[0])).isEqualTo(ROWS);
        assertThat(Long.parseLong(f[1])).isEqualTo((long) ROWS * ROW_BYTES);
        long peak = Long.parseLong(f[2]);
        assertThat(peak).as("peak heap").isLessThan(48L << 20);
        System.out.printf("streamed %d MiB in %d ms, peak heap %d MiB%n", (long) ROWS * ROW_BYTES >> 20,
                Long.parseLong(f[3]), peak >> 20);
    }

    private static String readAll(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void maxRowsAndCloseReleaseTheReaderAndFetchSizeSetsThePage() throws Exception {
        try (VecboxDataSource ds = new VecboxDataSource(Urls.url(dir, "release", "readers=1"));
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            fill(c, 5000, 16);
            WorkerPool pool = ds.unwrap(WorkerPool.class);
            s.setFetchSize(100);
            s.setMaxRows(150);
            try (ResultSet r = s.executeQuery("select id from big order by id")) {
                assertThat(pool.stats().idle()).as("more rows than one page: the reader is held").isOne();
                int n = 0;
                while (r.next()) {
                    n++;
                }
                assertThat(n).isEqualTo(150);
                Urls.awaitAllIdle(pool); // released at maxRows, before the ResultSet is closed
            }
            s.setMaxRows(0);
            ResultSet r = s.executeQuery("select id from big");
            r.next();
            assertThat(pool.stats().idle()).isOne();
            r.close();
            Urls.awaitAllIdle(pool);
            try (ResultSet all = s.executeQuery("select count(*) from big")) {
                all.next();
                assertThat(all.getLong(1)).as("the only reader serves again").isEqualTo(5000);
            }
        }
    }

    @Test
    void cancelStopsTheReadingThreadAndReleasesTheReader() throws Exception {
        try (VecboxDataSource ds = new VecboxDataSource(Urls.url(dir, "cancel", "readers=1"));
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            fill(c, 2000, 16);
            s.setFetchSize(10);
            ResultSet r = s.executeQuery("select id from big");
            assertThat(r.next()).isTrue();
            s.cancel();
            SQLException e = catchThrowableOfType(() -> {
                while (r.next()) {
                    // read until the cancel is noticed
                }
            }, SQLException.class);
            assertThat(e.getSQLState()).isEqualTo("HY008");
            Urls.awaitAllIdle(ds.unwrap(WorkerPool.class));
        }
    }

    @Test
    void aResultSetLeftUnreadPastCursorIdleTimeoutSays24000() throws Exception {
        try (VecboxDataSource ds = new VecboxDataSource(Urls.url(dir, "idle", "readers=1&cursorIdleTimeout=300ms"));
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            fill(c, 100, 16);
            WorkerPool pool = ds.unwrap(WorkerPool.class);
            s.setFetchSize(1);
            ResultSet r = s.executeQuery("select id from big");
            assertThat(r.next()).isTrue();
            Urls.awaitAllIdle(pool); // the pool's idle timer releases the reader
            SQLException e = catchThrowableOfType(() -> {
                while (r.next()) {
                    // rows of a page already delivered may still come
                }
            }, SQLException.class);
            assertThat(e.getSQLState()).isEqualTo("24000");
            assertThat((Throwable) e).hasMessageContaining("cursorIdleTimeout");
        }
    }
}
