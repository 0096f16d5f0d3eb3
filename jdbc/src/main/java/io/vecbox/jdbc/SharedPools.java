package io.vecbox.jdbc;

import io.vecbox.supervisor.WorkerPool;
import io.vecbox.supervisor.WorkerPoolException;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pools of {@link java.sql.DriverManager} connections: one per normalised URL
 * ({@link ConnectionOptions#poolKey()}), started by the first connection and kept for the JVM's
 * life; the pool library's shutdown hook closes them. A pool that fails to start is not kept:
 * the next connection tries again.
 */
final class SharedPools {
    private static final Logger LOG = LoggerFactory.getLogger("io.vecbox.jdbc");
    private static final ConcurrentMap<String, Slot> POOLS = new ConcurrentHashMap<>();

    private SharedPools() {
    }

    /**
     * @param options a parsed URL
     * @return the running pool of that URL, started now if it is the first connection
     * @throws SQLException if the pool cannot start (SQLState 08001)
     */
    static WorkerPool get(ConnectionOptions options) throws SQLException {
        return POOLS.computeIfAbsent(options.poolKey(), k -> new Slot()).get(options);
    }

    /** One URL's pool; its lock is held while the pool starts, so a URL's first connections start one pool. */
    private static final class Slot {
        private WorkerPool pool;

        synchronized WorkerPool get(ConnectionOptions options) throws SQLException {
            if (pool == null) {
                try {
                    pool = options.builder().build();
                } catch (WorkerPoolException | IllegalArgumentException e) {
                    throw SqlExceptions.map(e);
                }
                LOG.info("{} - started for {}, shared by DriverManager connections until the JVM exits", pool.name(),
                        options.poolKey());
            }
            return pool;
        }
    }
}
