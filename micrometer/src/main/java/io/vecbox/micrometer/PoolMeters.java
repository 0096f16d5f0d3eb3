package io.vecbox.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.vecbox.supervisor.WorkerLoss;
import io.vecbox.supervisor.WorkerPoolException;
import io.vecbox.supervisor.WorkerPoolListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters of one pool in one registry, and the listener that feeds the event-driven ones
 * (requests, crashes, start-ups, promotions, cool-downs). Added to the pool with
 * {@link io.vecbox.supervisor.WorkerPool#addListener}; when the pool says it is closed, removes
 * every meter it registered (the stats gauges included) from the registry, so a pool built again
 * under the same name registers afresh instead of finding the dead pool's meters.
 *
 * <p>Meters with tags that depend on the event (a request's kind and outcome, a loss's cause and
 * signal) are registered the first time that combination occurs and cached. Holds no reference to
 * the pool. Thread-safe: registration and removal synchronise on this object; recording does not.
 */
final class PoolMeters implements WorkerPoolListener {
    private final MeterRegistry registry;
    private final Tags tags;
    private final Map<String, Timer> requests = new ConcurrentHashMap<>();
    private final Map<String, Counter> crashes = new ConcurrentHashMap<>();
    private final List<Meter> registered = new ArrayList<>(); // guarded by this
    private final Timer startup;
    private final Counter promotions;
    private final Counter coolDowns;
    private boolean closed; // guarded by this

    PoolMeters(MeterRegistry registry, String pool) {
        this.registry = registry;
        this.tags = Tags.of(WorkerPoolMetrics.POOL_TAG, pool);
        this.startup = add(Timer.builder("vecbox.workers.startup")
                .description("Worker start-ups, from launch to ready")
                .tags(tags).register(registry));
        this.promotions = add(Counter.builder("vecbox.workers.promotions")
                .description("Standby writers promoted to writer after the writer was lost")
                .tags(tags).register(registry));
        this.coolDowns = add(Counter.builder("vecbox.workers.cooldowns")
                .description("Worker slots that passed the restart intensity and cool down: the pool is below its size")
                .tags(tags).register(registry));
    }

    /** @return the registry these meters live in */
    MeterRegistry registry() {
        return registry;
    }

    /** @return the pool's tags: {@code pool=<name>} */
    Tags tags() {
        return tags;
    }

    /**
     * Remembers a meter for removal when the pool closes.
     *
     * @return the meter
     */
    synchronized <M extends Meter> M add(M meter) {
        if (closed) {
            registry.remove(meter);
        } else {
            registered.add(meter);
        }
        return meter;
    }

    @Override
    public void requestCompleted(String pool, String kind, Duration elapsed, WorkerPoolException failure) {
        String outcome = Outcome.of(failure);
        Timer timer = requests.get(kind + ' ' + outcome);
        if (timer == null) {
            timer = requestTimer(kind, outcome);
            if (timer == null) {
                return; // the pool closed: this was a late refusal, nothing reports it any more
            }
        }
        timer.record(elapsed);
    }

    private synchronized Timer requestTimer(String kind, String outcome) {
        if (closed) {
            return null;
        }
        return requests.computeIfAbsent(kind + ' ' + outcome, k -> add(Timer.builder("vecbox.requests")
                .description("Requests from submission to completion, by kind and outcome")
                .tags(tags).tag("kind", kind).tag("outcome", outcome)
                .register(registry)));
    }

    @Override
    public void workerLost(String pool, WorkerLoss loss) {
        String cause = loss.cause().name().toLowerCase(Locale.ROOT).replace('_', '-');
        String signal = loss.signal() == null ? "none" : loss.signal();
        String key = cause + ' ' + signal;
        Counter counter = crashes.get(key);
        if (counter == null) {
            synchronized (this) {
                if (closed) {
                    return;
                }
                counter = crashes.computeIfAbsent(key, k -> add(Counter.builder("vecbox.workers.crashes")
                        .description("Workers lost unexpectedly, by cause and signal")
                        .tags(tags).tag("cause", cause).tag("signal", signal)
                        .register(registry)));
            }
        }
        counter.increment();
    }

    @Override
    public void workerStarted(String pool, String worker, long pid, Duration startupTime) {
        startup.record(startupTime);
    }

    @Override
    public void standbyPromoted(String pool, String worker, String replaced) {
        promotions.increment();
    }

    @Override
    public void workerCoolingDown(String pool, String slot, Duration coolDown, String lastFailure) {
        coolDowns.increment();
    }

    @Override
    public synchronized void poolClosed(String pool) {
        closed = true;
        for (Meter m : registered) {
            registry.remove(m);
        }
        registered.clear();
    }
}
