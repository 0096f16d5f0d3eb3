package io.vecbox.litestream;

import io.vecbox.nativelib.SqliteVec;
import io.vecbox.supervisor.WorkerPool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.sqlite.SQLiteConfig;

/** Test helpers: primary pools configured for Litestream, restores, in-process reads of a copy. */
final class Replicas {
    private static final AtomicInteger RESTORES = new AtomicInteger();

    private Replicas() {
    }

    static WorkerPool.Builder primary(Path db) {
        return WorkerPool.builder().name("primary").database(db).readers(1).knnFastPath(false)
                .checkpointOnClose(false).walAutocheckpoint(0);
    }

    static ReplicatorBuilder replicator(Path db, String url) {
        return Replicator.builder(db, url).name("primary").syncInterval(Duration.ofMillis(100))
                .monitorInterval(Duration.ofMillis(100)).restartBackoff(Duration.ofMillis(50), Duration.ofSeconds(1));
    }

    static String fileUrl(Path dir) {
        return dir.toAbsolutePath().toUri().toString();
    }

    /** Restores into a new file in {@code dir}. */
    static Path restore(String url, Path dir) throws Exception {
        Files.createDirectories(dir);
        Path out = dir.resolve("restore-" + RESTORES.incrementAndGet() + ".db");
        Litestream.restore(url, out, Duration.ofSeconds(30));
        return out;
    }

    /**
     * Restores again and again until a copy satisfies {@code done} (the replicator ships within its
     * sync interval, but there is no event on this side to wait for), or fails at the deadline with
     * what the last copy held.
     */
    static Path restoreUntil(String url, Path dir, Duration deadline, String what, Predicate<Path> done) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        String last = "no backup yet";
        while (System.nanoTime() < end) {
            try {
                Path copy = restore(url, dir);
                if (done.test(copy)) {
                    return copy;
                }
                last = "ids " + summary(longs(copy, "select id from rows order by id"));
            } catch (NoBackupException e) {
                last = e.getMessage();
            } catch (MalformedCopy e) {
                // Seen rarely with Litestream 0.3.13 while it starts a generation: kept for a look.
                System.err.println("note: restore of " + url + " gave a malformed copy: " + e.getMessage());
                last = "a malformed copy";
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no restore of " + url + " within " + deadline.toMillis() + " ms held " + what
                + "; the last held " + last);
    }

    /** A restored copy SQLite calls malformed. */
    static final class MalformedCopy extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedCopy(String message) {
            super(message);
        }
    }

    static String summary(List<Long> ids) {
        return ids.isEmpty() ? "none" : ids.size() + " (" + ids.get(0) + ".." + ids.get(ids.size() - 1) + ")";
    }

    /** @return the first column of every row, read in-process with sqlite-vec loaded */
    static List<Long> longs(Path db, String sql, Object... params) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.enableLoadExtension(true);
        try (Connection c = config.createConnection("jdbc:sqlite:" + db)) {
            try (PreparedStatement load = c.prepareStatement("select load_extension(?)")) {
                load.setString(1, SqliteVec.path().toString());
                load.execute();
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                List<Long> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getLong(1));
                    }
                }
                return out;
            }
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("no such table")) {
                return List.of();
            }
            if (e.getMessage() != null && e.getMessage().contains("SQLITE_CORRUPT")) {
                throw new MalformedCopy(db + ": " + e.getMessage());
            }
            throw new AssertionError("cannot read " + db + ": " + e.getMessage(), e);
        }
    }
}
