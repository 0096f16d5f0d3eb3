package io.vecbox.bench;

import java.util.Arrays;

/** A growable array of measurements (nanoseconds, bytes, ...). Not thread-safe. */
final class Samples {
    private long[] values = new long[64];
    private int size;

    void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    int size() {
        return size;
    }

    long[] toArray() {
        return Arrays.copyOf(values, size);
    }

    /** @return the summary, or null if there are no samples */
    Percentiles.Summary summary() {
        return size == 0 ? null : Percentiles.of(toArray());
    }
}
