package io.vecbox.litestream;

import java.nio.file.Path;

/**
 * Hears what a {@link ReplicaRefresher} does. Empty defaults. Called on the refresher's thread after
 * the event; an exception thrown here is caught and logged.
 */
public interface RefresherListener {
    /**
     * A fresh copy went into service (also the first one).
     *
     * @param copy the copy now served
     * @param stats the counters after it
     */
    default void swapped(Path copy, RefresherStats stats) {
    }

    /**
     * A refresh failed; the previous copy keeps serving.
     *
     * @param failure why
     * @param stats the counters after it
     */
    default void failed(RuntimeException failure, RefresherStats stats) {
    }
}
