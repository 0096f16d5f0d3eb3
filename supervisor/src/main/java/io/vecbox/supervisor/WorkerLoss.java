package io.vecbox.supervisor;

import java.util.Objects;

/**
 * A worker lost unexpectedly, as {@link WorkerPoolListener#workerLost(String, WorkerLoss)} reports
 * it: the same facts as the WARN line, in fields a metrics system can use as tags. Immutable.
 *
 * @param worker the generation that ended, e.g. {@code worker-2#3}
 * @param role {@code reader} or {@code writer} (either writer slot: the writer or the standby writer)
 * @param pid its process id
 * @param cause why the pool lost it
 * @param exitCode the process's exit code, or null if it had not exited when the pool gave up waiting
 * @param signal the signal that ended it, e.g. {@code SIGSEGV} or {@code SIGKILL} (from the exit code,
 *     or from the JVM crash log when the JVM caught the signal itself), or null if none
 * @param killedByPool whether the pool killed it (a deadline, a start-up timeout, a protocol
 *     violation, or a process that lingered after its stdout closed)
 * @param reason the whole reason, standing alone, as {@link WorkerPoolListener#workerLost(String,
 *     String, long, String)} gives it
 */
public record WorkerLoss(String worker, String role, long pid, Cause cause, Integer exitCode, String signal,
                         boolean killedByPool, String reason) {

    /** Why a worker was lost. */
    public enum Cause {
        /**
         * It died by itself (a signal, an exit, an {@code OutOfMemoryError}; also when its last output
         * was not a frame, such as the JVM's crash banner) or was killed from outside the pool.
         */
        CRASH,
        /** It wrote something that is not a valid frame, or an answer that makes no sense, and was killed. */
        PROTOCOL_VIOLATION,
        /** It ran past its request's deadline plus the grace period and was killed; counted as a timeout, not a crash. */
        DEADLINE,
        /** It did not finish its start-up in time and was killed. */
        STARTUP_TIMEOUT
    }

    /**
     * @throws NullPointerException if {@code worker}, {@code role}, {@code cause} or {@code reason} is null
     */
    public WorkerLoss {
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(reason, "reason");
    }
}
