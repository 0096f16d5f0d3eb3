package io.vecbox.supervisor;

import java.time.Duration;
import java.util.Objects;

/**
 * How a pool restarts a worker slot whose process died: exponential backoff with jitter, capped
 * by a restart intensity (at most {@code maxRestarts} per {@code restartPeriod} per slot, as in
 * Erlang/OTP supervisors). A slot that exceeds it cools down for {@code coolDown} before it
 * tries again, and the pool logs at ERROR that it cannot keep its configured size.
 *
 * <p>The n-th restart within the current period waits
 * {@code min(maxBackoff, initialBackoff * backoffFactor^(n-1))}, then multiplied by a random
 * factor in {@code [1 - jitter, 1 + jitter]} so slots that crash together do not restart in lock
 * step; no wait is longer than {@code coolDown}.
 *
 * <p>Only a slot's own failures go through this policy: a worker that failed to start, died idle,
 * or was killed from outside the pool. A worker killed by what it was asked to run (it died busy
 * with a request, or ignored the request's deadline and the pool killed it) is replaced at once
 * and not counted; the pool's quarantine bounds such requests instead.
 *
 * <p>Recovery: once losses stop, every slot is back within {@code coolDown} plus one start-up
 * (with the defaults, 30 s; a slot that did not pass the intensity, within {@code maxBackoff}
 * plus jitter, 12 s). Under a storm of outside kills that come faster than a worker starts, a
 * slot cannot serve while it lasts; the defaults then make about 10 attempts in the first
 * ~45 s, cool down for 30 s, and start over.
 *
 * <p>Immutable and thread-safe; build with {@link #builder()}.
 */
public final class RestartPolicy {
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double backoffFactor;
    private final double jitter;
    private final int maxRestarts;
    private final Duration restartPeriod;
    private final Duration coolDown;

    private RestartPolicy(Builder b) {
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.backoffFactor = b.backoffFactor;
        this.jitter = b.jitter;
        this.maxRestarts = b.maxRestarts;
        this.restartPeriod = b.restartPeriod;
        this.coolDown = b.coolDown;
    }

    /**
     * The defaults: backoff from 100 ms doubling to 10 s, jitter 0.2, at most 10 restarts per
     * 60 s per slot, then a 30 s cool-down.
     *
     * @return the default policy
     */
    public static RestartPolicy ofDefaults() {
        return builder().build();
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the delay before the first restart in a period; default 100 ms */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** @return the longest delay before a restart; default 10 s */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** @return the growth factor between consecutive restarts; default 2.0 */
    public double backoffFactor() {
        return backoffFactor;
    }

    /** @return the relative random spread of each delay, in [0, 1); default 0.2 */
    public double jitter() {
        return jitter;
    }

    /** @return restarts allowed per slot within {@link #restartPeriod()}; default 10 */
    public int maxRestarts() {
        return maxRestarts;
    }

    /** @return the sliding window for {@link #maxRestarts()}; default 60 s */
    public Duration restartPeriod() {
        return restartPeriod;
    }

    /** @return how long a slot that exceeded the intensity waits before trying again; default 30 s */
    public Duration coolDown() {
        return coolDown;
    }

    @Override
    public String toString() {
        return "RestartPolicy[backoff " + initialBackoff.toMillis() + "ms x" + backoffFactor + " up to "
                + maxBackoff.toMillis() + "ms, jitter " + jitter + ", max " + maxRestarts + " per "
                + restartPeriod.toSeconds() + "s, cool-down " + coolDown.toSeconds() + "s]";
    }

    /** Mutable, not thread-safe; {@link #build()} validates and copies. */
    public static final class Builder {
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(10);
        private double backoffFactor = 2.0;
        private double jitter = 0.2;
        private int maxRestarts = 10;
        private Duration restartPeriod = Duration.ofSeconds(60);
        private Duration coolDown = Duration.ofSeconds(30);

        private Builder() {
        }

        /**
         * @param initialBackoff delay before the first restart in a period, {@code >= 0}
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = Checks.nonNegative("initialBackoff", initialBackoff);
            return this;
        }

        /**
         * @param maxBackoff the longest delay, {@code >= 0}
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = Checks.nonNegative("maxBackoff", maxBackoff);
            return this;
        }

        /**
         * @param backoffFactor growth per restart, {@code >= 1}
         * @return this
         * @throws IllegalArgumentException if below 1 or not finite
         */
        public Builder backoffFactor(double backoffFactor) {
            if (!(backoffFactor >= 1.0) || Double.isInfinite(backoffFactor)) {
                throw new IllegalArgumentException("backoffFactor < 1: " + backoffFactor);
            }
            this.backoffFactor = backoffFactor;
            return this;
        }

        /**
         * @param jitter relative spread, in [0, 1)
         * @return this
         * @throws IllegalArgumentException if outside [0, 1)
         */
        public Builder jitter(double jitter) {
            if (!(jitter >= 0.0 && jitter < 1.0)) {
                throw new IllegalArgumentException("jitter not in [0, 1): " + jitter);
            }
            this.jitter = jitter;
            return this;
        }

        /**
         * @param maxRestarts restarts allowed per slot per period, {@code >= 1}
         * @param restartPeriod the sliding window, {@code > 0}
         * @return this
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxRestarts(int maxRestarts, Duration restartPeriod) {
            if (maxRestarts < 1) {
                throw new IllegalArgumentException("maxRestarts < 1: " + maxRestarts);
            }
            Duration period = Checks.positive("restartPeriod", restartPeriod);
            this.maxRestarts = maxRestarts;
            this.restartPeriod = period;
            return this;
        }

        /**
         * @param coolDown wait after the intensity is exceeded, {@code > 0}
         * @return this
         * @throws IllegalArgumentException if not positive
         */
        public Builder coolDown(Duration coolDown) {
            this.coolDown = Checks.positive("coolDown", coolDown);
            return this;
        }

        /**
         * @return the policy
         * @throws IllegalArgumentException if {@code initialBackoff > maxBackoff}
         */
        public RestartPolicy build() {
            if (initialBackoff.compareTo(maxBackoff) > 0) {
                throw new IllegalArgumentException("initialBackoff > maxBackoff: " + initialBackoff + " > " + maxBackoff);
            }
            return new RestartPolicy(this);
        }
    }
}
