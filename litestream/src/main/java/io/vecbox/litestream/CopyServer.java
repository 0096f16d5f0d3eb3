package io.vecbox.litestream;

import java.nio.file.Path;

/**
 * What a {@link ReplicaRefresher} serves its copies with: a read-only pool in production, a fake in
 * the refresher's own unit tests. Called from one thread at a time.
 */
interface CopyServer extends AutoCloseable {
    /**
     * Checks a freshly restored copy before it is served.
     *
     * @param copy the restored file
     * @return null if it is sound; otherwise what is wrong with it
     */
    String check(Path copy);

    /** Starts serving {@code first}. */
    void open(Path first);

    /** Serves {@code next} from now on; returns once nothing reads the previous copy any more. */
    void swap(Path next);

    @Override
    void close();
}
