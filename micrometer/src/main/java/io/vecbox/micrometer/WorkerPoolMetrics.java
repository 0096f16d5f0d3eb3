package io.vecbox.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.vecbox.supervisor.PoolStats;
import io.vecbox.supervisor.WorkerPool;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for a {@link WorkerPool}, all named {@code vecbox.*} and tagged
 * {@code pool=<pool name>}:
 *
 * <pre>{@code
 * WorkerPool pool = WorkerPool.builder().name("vectors").database(path).build();
 * new WorkerPoolMetrics(pool).bindTo(registry);
 * }</pre>
 *
 * <p>Gauges ({@code vecbox.workers} by {@code state}, {@code vecbox.requests.queued},
 * {@code vecbox.requests.active}, {@code vecbox.statements.quarantined}) and function counters
 * ({@code vecbox.workers.restarts}, {@code vecbox.requests.timeouts}, {@code vecbox.queries.scattered},
 * {@code vecbox.queries.scatter.fallbacks}, {@code vecbox.database.swaps}) read {@link WorkerPool#stats()}, one snapshot reused
 * for up to a second, so one scrape takes one snapshot. The rest is fed by a listener that the
 * binder adds with {@link WorkerPool#addListener}, beside the host's own listener:
 * {@code vecbox.requests} (a timer by {@code kind} and {@code outcome}), {@code vecbox.workers.crashes}
 * (by {@code cause} and {@code signal}), {@code vecbox.workers.startup},
 * {@code vecbox.workers.promotions} and {@code vecbox.workers.cooldowns}; those count from the
 * moment of binding. {@code micrometer/README.md} has the table.
 *
 * <p>The registry's meters hold the pool weakly, as Micrometer's own binders do: binding does not
 * keep a pool from being collected. Once the pool's close has begun the gauges read {@code NaN};
 * when it has finished, every meter of the pool is removed from the registry, so a pool built
 * again under the same name can be bound again. Pool names must be unique within a registry:
 * two live pools of one name would share their meters.
 *
 * <p>Percentiles and histograms of the timers are configured the Micrometer way, with a
 * {@code MeterFilter} on names starting with {@value #PREFIX}.
 *
 * <p>Thread-safe. Binding to a registry twice is ignored; each registry gets its own listener.
 */
public final class WorkerPoolMetrics implements MeterBinder {
    /** Every meter's name starts with this. */
    public static final String PREFIX = "vecbox";
    /** The tag naming the pool on every meter. */
    public static final String POOL_TAG = "pool";

    private static final long STATS_MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final WorkerPool pool;
    private final StatsMemo stats;
    private final Set<MeterRegistry> bound = Collections.newSetFromMap(new IdentityHashMap<>());

    /**
     * @param pool the pool to measure
     * @throws NullPointerException if null
     */
    public WorkerPoolMetrics(WorkerPool pool) {
        this(pool, System::nanoTime);
    }

    /** @param nanoTime the clock that ages the shared stats snapshot; tests move it by hand */
    WorkerPoolMetrics(WorkerPool pool, LongSupplier nanoTime) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.stats = new StatsMemo(nanoTime, STATS_MAX_AGE_NANOS);
    }

    /**
     * Registers the pool's meters in the registry and starts listening to the pool. Does nothing if
     * this binder is already bound to the registry, or if the pool is closed.
     *
     * @param registry the registry
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        synchronized (bound) {
            if (pool.isClosed() || !bound.add(registry)) {
                return;
            }
        }
        PoolMeters meters = new PoolMeters(registry, pool.name());
        gauge(meters, "vecbox.workers", "idle", "Workers ready and waiting for a request", PoolStats::idle);
        gauge(meters, "vecbox.workers", "busy", "Workers running a request", PoolStats::busy);
        gauge(meters, "vecbox.workers", "starting", "Workers launching or handshaking", PoolStats::starting);
        gauge(meters, "vecbox.workers", "unavailable",
                "Worker slots with no live worker: restart backoff or cool-down", PoolStats::unavailable);
        gauge(meters, "vecbox.workers", "leased",
                "Workers held by an open transaction or stream between its calls", PoolStats::leased);
        gauge(meters, "vecbox.workers", "standby", "Standby writers ready to take over", PoolStats::standby);
        gauge(meters, "vecbox.requests.queued", null, "Requests waiting for a worker", PoolStats::queued);
        gauge(meters, "vecbox.requests.active", null,
                "Requests running in a worker (a part of a scattered query counts once per reader)",
                PoolStats::busy);
        gauge(meters, "vecbox.statements.quarantined", null,
                "Statements refused at once after crashing workers: shapes, and values of a shape",
                PoolStats::quarantined);
        counter(meters, "vecbox.workers.restarts", "Workers started after the initial ones", PoolStats::restarts);
        counter(meters, "vecbox.requests.timeouts",
                "Requests that passed their deadline (interrupted in the worker, or the worker killed)",
                PoolStats::timeouts);
        counter(meters, "vecbox.queries.scattered",
                "Nearest-neighbour queries answered by merging parts run on several readers",
                PoolStats::scatteredQueries);
        counter(meters, "vecbox.queries.scatter.fallbacks",
                "Queries split across readers, then run whole on one", PoolStats::scatterFallbacks);
        counter(meters, "vecbox.database.swaps",
                "Database files a read-only pool swapped in under live queries (swapDatabase)", PoolStats::databaseSwaps);
        pool.addListener(meters);
        if (pool.isClosed()) {
            // The close began while binding: its poolClosed may have gone before the listener was there.
            meters.poolClosed(pool.name());
            pool.removeListener(meters);
        }
    }

    private void gauge(PoolMeters meters, String name, String state, String description,
                       ToDoubleFunction<PoolStats> value) {
        Gauge.Builder<WorkerPool> b = Gauge.builder(name, pool, read(stats, value)).description(description)
                .tags(meters.tags());
        if (state != null) {
            b.tag("state", state);
        }
        meters.add(b.register(meters.registry()));
    }

    private void counter(PoolMeters meters, String name, String description, ToDoubleFunction<PoolStats> value) {
        meters.add(FunctionCounter.builder(name, pool, read(stats, value)).description(description)
                .tags(meters.tags()).register(meters.registry()));
    }

    /**
     * Static, so the function the registry keeps captures the memo and the accessor, never this
     * binder or the pool: the registry reaches the pool only through its weak reference.
     */
    private static ToDoubleFunction<WorkerPool> read(StatsMemo stats, ToDoubleFunction<PoolStats> value) {
        return p -> p.isClosed() ? Double.NaN : value.applyAsDouble(stats.of(p));
    }
}
