package io.vecbox.litestream;

import java.time.Duration;
import java.util.Objects;

/** Argument checks shared by the builders; messages name the option and the value. */
final class Checks {
    private Checks() {
    }

    /**
     * @param option the option's name, for the messages
     * @param d its value
     * @return {@code d}
     * @throws NullPointerException if {@code d} is null
     * @throws IllegalArgumentException if {@code d} is zero or negative
     */
    static Duration positive(String option, Duration d) {
        Objects.requireNonNull(d, option);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(option + " must be positive: " + d);
        }
        return d;
    }
}
