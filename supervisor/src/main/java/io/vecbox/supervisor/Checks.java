package io.vecbox.supervisor;

import java.time.Duration;
import java.util.Objects;

/** Argument checks shared by the builders; messages name the option and the value. */
final class Checks {
    private Checks() {
    }

    static Duration positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " <= 0: " + d);
        }
        return d;
    }

    static Duration nonNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " < 0: " + d);
        }
        return d;
    }
}
