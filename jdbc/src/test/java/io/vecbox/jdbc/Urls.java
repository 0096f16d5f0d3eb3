package io.vecbox.jdbc;

import io.vecbox.supervisor.WorkerPool;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Test URLs (a database in the test's directory, short deadlines, crash logs kept there too) and
 * a wait for the pool's own timers.
 */
final class Urls {
    private Urls() {
    }

    /**
     * @param dir the test's temporary directory
     * @param name the database's and pool's name
     * @param extra more options, {@code &}-joined, or ""; two readers unless it sets {@code readers}
     * @return the URL
     */
    static String url(Path dir, String name, String extra) {
        return VecboxDriver.PREFIX + dir.resolve(name + ".db") + "?name=" + name
                + (extra.contains("readers=") ? "" : "&readers=2") + "&queryTimeout=10s"
                + "&killGracePeriod=500ms&crashLogDirectory=" + dir.resolve("crash-logs")
                + (extra.isEmpty() ? "" : "&" + extra);
    }

    /**
     * Polls until every worker of the pool is idle: how a test waits for a release the pool does
     * by itself (an idle timeout, a closeCursor answered a moment after close returns). A worker
     * just answered may still be BUSY, so "no worker leased" would not do.
     *
     * @param pool the pool
     * @throws InterruptedException if interrupted
     * @throws AssertionError if it takes more than 10 s
     */
    static void awaitAllIdle(WorkerPool pool) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pool.stats().idle() != pool.stats().workers()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("workers still held after 10 s: " + pool.stats());
            }
            Thread.sleep(5);
        }
    }
}
