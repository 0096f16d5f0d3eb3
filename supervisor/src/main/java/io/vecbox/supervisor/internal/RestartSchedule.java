package io.vecbox.supervisor.internal;

import io.vecbox.supervisor.RestartPolicy;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.DoubleSupplier;

/**
 * The restart decision of one slot: a pure function of the policy, the restarts already made
 * and the time, so it is tested with a fake clock and a fixed random source. Not thread-safe;
 * the pool calls it under its lock.
 */
public final class RestartSchedule {
    /** What to do after a worker was lost. */
    public record Decision(boolean coolDown, long delayNanos) {
    }

    private final RestartPolicy policy;
    private final DoubleSupplier random;
    private final Deque<Long> restarts = new ArrayDeque<>();

    /**
     * @param policy the policy
     * @param random source of values in [0, 1) for jitter
     */
    public RestartSchedule(RestartPolicy policy, DoubleSupplier random) {
        this.policy = policy;
        this.random = random;
    }

    /**
     * Records a loss of the slot's own (a worker that failed to start, died idle, or was killed from
     * outside the pool) at {@code nowNanos} and decides when to restart.
     *
     * @param nowNanos the current time, {@link System#nanoTime()} scale
     * @return restart after a backoff, or cool down because the intensity was exceeded
     */
    public Decision onLoss(long nowNanos) {
        return onLoss(nowNanos, false);
    }

    /**
     * Decides when to restart after a loss at {@code nowNanos}.
     *
     * <p>A worker killed by what it was asked to run (it died busy with a request, or hung past
     * the request's deadline and the pool killed it) is replaced at once and the loss is not
     * counted: backoff and intensity protect the pool from a slot that cannot stay up by itself,
     * and a stream of crashing requests would otherwise push every reader into backoff and then
     * cool-down, starving the requests that do not crash. Crashing requests are bounded by the
     * quarantine instead.
     *
     * @param nowNanos the current time, {@link System#nanoTime()} scale
     * @param killedByRequest whether the worker's request killed it
     * @return restart at once, after a backoff, or cool down because the intensity was exceeded
     */
    public Decision onLoss(long nowNanos, boolean killedByRequest) {
        if (killedByRequest) {
            return new Decision(false, 0);
        }
        long period = policy.restartPeriod().toNanos();
        while (!restarts.isEmpty() && nowNanos - restarts.peekFirst() >= period) {
            restarts.pollFirst();
        }
        if (restarts.size() >= policy.maxRestarts()) {
            restarts.clear(); // the cool-down is the penalty; afterwards the slot starts afresh
            return new Decision(true, policy.coolDown().toNanos());
        }
        restarts.addLast(nowNanos);
        int n = restarts.size();
        double base = policy.initialBackoff().toNanos() * Math.pow(policy.backoffFactor(), n - 1);
        double capped = Math.min(base, policy.maxBackoff().toNanos());
        double spread = 1.0 + policy.jitter() * (2 * random.getAsDouble() - 1);
        // A backoff never outlasts the cool-down, the penalty for the worst case: so once losses
        // stop, the slot is back within coolDown (plus a start-up) whatever the backoff settings.
        long delay = Math.min((long) (capped * spread), policy.coolDown().toNanos());
        return new Decision(false, Math.max(0L, delay));
    }

    /** @return restarts counted in the current window */
    public int recentRestarts() {
        return restarts.size();
    }
}
