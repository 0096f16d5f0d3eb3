package io.vecbox.supervisor;

import java.util.List;

/**
 * {@link WorkerPool.Builder#build()} could not prepare what its workers need before the first one
 * starts: a directory (cache, crash logs, the database's) could not be created, the worker jar or a
 * native library could not be unpacked into the cache directory, or no sqlite-vec binary fits this
 * platform (the cause is then the native module's {@code UnsupportedPlatformException}, whose
 * message names the {@code -Dvecbox.sqliteVec} / {@code VECBOX_SQLITE_VEC} override). The message
 * says which, and the cause is kept.
 *
 * <p>No worker was started: {@link #command()} is empty, {@link #exitCode()} is empty and
 * {@link #stderrTail()} is empty.
 */
public class PoolSetupException extends WorkerStartException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be prepared and why, standing alone
     * @param cause the underlying failure
     */
    public PoolSetupException(String message, Throwable cause) {
        super(message, List.of(), null, "", cause);
    }
}
