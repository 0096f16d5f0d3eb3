package io.vecbox.supervisor.internal;

import io.vecbox.supervisor.PoolStats;
import io.vecbox.supervisor.WorkerPoolMXBean;
import java.lang.management.ManagementFactory;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The pool's {@link WorkerPoolMXBean}, registered with the platform MBean server by
 * {@link Supervisor#start} ({@code registerMBeans}) and unregistered when the pool closes.
 * Thread-safe: each attribute reads a fresh {@link Supervisor#stats()}.
 */
final class PoolMBean implements WorkerPoolMXBean {
    private final Supervisor supervisor;

    private PoolMBean(Supervisor supervisor) {
        this.supervisor = supervisor;
    }

    /**
     * @param pool the pool name
     * @return {@code io.vecbox:type=WorkerPool,name=<pool>}, the name quoted if it needs it
     */
    static ObjectName objectName(String pool) {
        boolean plain = pool.chars().noneMatch(c -> ",=:\"*?\\\n\r".indexOf(c) >= 0);
        try {
            return new ObjectName("io.vecbox:type=WorkerPool,name=" + (plain ? pool : ObjectName.quote(pool)));
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("name: cannot make a JMX object name of " + pool + ": " + e.getMessage(), e);
        }
    }

    /**
     * Fails before any worker starts if another MBean holds the pool's name.
     *
     * @throws IllegalArgumentException naming the pool and the clash
     */
    static void checkFree(String pool) {
        ObjectName on = objectName(pool);
        if (ManagementFactory.getPlatformMBeanServer().isRegistered(on)) {
            throw clash(pool, on);
        }
    }

    private static IllegalArgumentException clash(String pool, ObjectName on) {
        return new IllegalArgumentException("name: another pool named " + pool + " already registered " + on
                + " (registerMBeans); give each pool its own name");
    }

    /**
     * @return the registered MBean's name
     * @throws IllegalArgumentException if another MBean took the name meanwhile
     */
    static ObjectName register(Supervisor supervisor) {
        String pool = supervisor.config().name();
        ObjectName on = objectName(pool);
        try {
            ManagementFactory.getPlatformMBeanServer().registerMBean(new PoolMBean(supervisor), on);
        } catch (InstanceAlreadyExistsException e) {
            throw clash(pool, on);
        } catch (JMException e) {
            throw new IllegalStateException(pool + " - cannot register " + on + ": " + e.getMessage(), e);
        }
        return on;
    }

    /** Unregisters; a name already gone is fine. */
    static void unregister(String pool, ObjectName on) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            server.unregisterMBean(on);
        } catch (InstanceNotFoundException e) {
            // Gone already.
        } catch (JMException e) {
            Logs.POOL.warn("{} - cannot unregister {}: {}", pool, on, e.toString());
        }
    }

    private PoolStats stats() {
        return supervisor.stats();
    }

    @Override
    public int getWorkers() {
        return stats().workers();
    }

    @Override
    public int getIdle() {
        return stats().idle();
    }

    @Override
    public int getBusy() {
        return stats().busy();
    }

    @Override
    public int getStarting() {
        return stats().starting();
    }

    @Override
    public int getUnavailable() {
        return stats().unavailable();
    }

    @Override
    public int getLeased() {
        return stats().leased();
    }

    @Override
    public int getStandby() {
        return stats().standby();
    }

    @Override
    public int getQueued() {
        return stats().queued();
    }

    @Override
    public long getCompleted() {
        return stats().completed();
    }

    @Override
    public long getFailed() {
        return stats().failed();
    }

    @Override
    public long getCrashes() {
        return stats().crashes();
    }

    @Override
    public long getRestarts() {
        return stats().restarts();
    }

    @Override
    public long getTimeouts() {
        return stats().timeouts();
    }

    @Override
    public int getQuarantined() {
        return stats().quarantined();
    }

    @Override
    public long getLatencyP50Micros() {
        return stats().latencyP50().toNanos() / 1000;
    }

    @Override
    public long getLatencyP99Micros() {
        return stats().latencyP99().toNanos() / 1000;
    }

    @Override
    public long getScatteredQueries() {
        return stats().scatteredQueries();
    }

    @Override
    public long getScatterFallbacks() {
        return stats().scatterFallbacks();
    }

    @Override
    public long getDatabaseSwaps() {
        return stats().databaseSwaps();
    }

    @Override
    public String getDatabase() {
        return supervisor.database().toString();
    }

    @Override
    public boolean recycleWorker(String workerName) {
        return supervisor.recycleWorker(workerName);
    }

    @Override
    public int recycleAllWorkers() {
        return supervisor.recycleAllWorkers();
    }
}
