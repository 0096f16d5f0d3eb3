package io.vecbox.supervisor;

import java.util.List;
import java.util.OptionalInt;

/**
 * Workers of the role a request needs cannot be started: the JVM would not launch, exited during
 * start-up, failed the handshake or could not open the database; or every slot of the role is
 * cooling down after passing its restart intensity (killed from outside again and again, say) and
 * none is due back within {@code acquireTimeout}. Requests fail fast with this while it lasts,
 * rather than queueing behind workers that will not come; once a slot of the role is starting
 * again, they wait for it.
 *
 * <p>Its subclass {@link PoolSetupException} says that {@link WorkerPool.Builder#build()} could
 * not even prepare what workers need (directories, unpacked jar and native libraries, a sqlite-vec
 * binary for this platform).
 */
public class WorkerStartException extends WorkerPoolException {
    private static final long serialVersionUID = 1L;

    private final List<String> command;
    private final Integer exitCode;
    private final String stderrTail;

    /**
     * @param message what happened, standing alone (includes exit code and stderr tail)
     * @param command the command line that was run
     * @param exitCode the process's exit code, or null if it did not exit (e.g. start-up timed out)
     * @param stderrTail the last lines the process wrote to stderr
     * @param cause the underlying failure, may be null
     */
    public WorkerStartException(String message, List<String> command, Integer exitCode, String stderrTail,
                                Throwable cause) {
        super(message, cause);
        this.command = List.copyOf(command);
        this.exitCode = exitCode;
        this.stderrTail = stderrTail == null ? "" : stderrTail;
    }

    /** @return the command line that was run */
    public List<String> command() {
        return command;
    }

    /** @return the process's exit code, empty if it had not exited */
    public OptionalInt exitCode() {
        return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }

    /** @return the last lines the process wrote to stderr, possibly empty */
    public String stderrTail() {
        return stderrTail;
    }
}
