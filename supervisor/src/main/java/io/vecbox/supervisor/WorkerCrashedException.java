package io.vecbox.supervisor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The worker running the request died: a native crash, a signal, an exit, running out of
 * memory, or a protocol violation (the pool kills a worker that sends garbage). A read was
 * already retried once on another worker; a write is never retried, and
 * {@link #writeOutcomeUnknown()} says it may or may not have committed.
 */
public class WorkerCrashedException extends QueryException {
    private static final long serialVersionUID = 1L;

    private final long pid;
    private final Integer exitCode;
    private final String signal;
    private final String stderrTail;
    private final boolean writeOutcomeUnknown;
    private final Path crashLog;

    /**
     * @param message what happened, standing alone
     * @param requestId the request id
     * @param worker the worker's name
     * @param elapsed time from submission
     * @param pid the worker's process id
     * @param exitCode the exit code, or null if unknown
     * @param signal the signal's name (e.g. {@code SIGSEGV}), or null if none is known
     * @param stderrTail the last lines the worker wrote to stderr
     * @param writeOutcomeUnknown true for a write: it may or may not have committed
     * @param crashLog the JVM crash log the worker wrote, or null
     */
    public WorkerCrashedException(String message, long requestId, String worker, Duration elapsed, long pid,
                                  Integer exitCode, String signal, String stderrTail, boolean writeOutcomeUnknown,
                                  Path crashLog) {
        super(message, requestId, worker, elapsed, null);
        this.pid = pid;
        this.exitCode = exitCode;
        this.signal = signal;
        this.stderrTail = stderrTail == null ? "" : stderrTail;
        this.writeOutcomeUnknown = writeOutcomeUnknown;
        this.crashLog = crashLog;
    }

    /** @return the worker's process id */
    public long pid() {
        return pid;
    }

    /** @return the exit code, empty if unknown */
    public OptionalInt exitCode() {
        return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }

    /**
     * @return the signal that ended the worker, e.g. {@code SIGSEGV} (from the exit code, or from
     *     the JVM crash log when the JVM caught the signal itself), empty if none
     */
    public Optional<String> signal() {
        return Optional.ofNullable(signal);
    }

    /** @return the last lines the worker wrote to stderr */
    public String stderrTail() {
        return stderrTail;
    }

    /** @return true if the request was a write: it may or may not have committed */
    public boolean writeOutcomeUnknown() {
        return writeOutcomeUnknown;
    }

    /** @return the JVM crash log ({@code hs_err_pid<pid>.log}) the worker wrote, if any */
    public Optional<Path> crashLog() {
        return Optional.ofNullable(crashLog);
    }
}
