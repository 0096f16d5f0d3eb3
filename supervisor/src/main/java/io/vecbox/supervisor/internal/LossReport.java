package io.vecbox.supervisor.internal;

import io.vecbox.supervisor.WorkerCrashedException;
import io.vecbox.supervisor.WorkerLoss;
import io.vecbox.supervisor.WorkerStartException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What is known about one ended worker generation once its process has exited: how it ended
 * (exit code, signal, crash log, who killed it), its stderr tail, and the words for it — the
 * WARN line, the listener's reason and the exceptions of the request it was running or of its
 * failed start. Built on a lifecycle thread by {@link WorkerLifecycle}; immutable and holds no
 * lock.
 */
final class LossReport {
    private static final List<String> OUTSIDE_SIGNALS = List.of("SIGKILL", "SIGTERM", "SIGINT", "SIGHUP");

    final String pool;
    /** e.g. {@code worker-2#3}: the generation that ended, not the slot's current one. */
    final String workerName;
    /** {@code reader} or {@code writer}: the slot's role, whatever its duty (writer or standby) */
    final String role;
    final long pid;
    final ExitInfo exit;
    final WorkerState was;
    final String reason;
    final LossCause cause;
    final String tail;
    final boolean killedBySupervisor;
    final boolean killedExternally;
    /** e.g. {@code exit code 134 (SIGABRT) (killed by the pool)} */
    final String how;

    /**
     * @param exitCode the process's exit code, or null if it did not exit in time
     * @param crashLogDirectory where the worker JVM writes its crash logs, or null
     */
    LossReport(String pool, WorkerHandle w, WorkerHandle.Generation g, WorkerState was, String reason,
               LossCause cause, boolean killedBySupervisor, Integer exitCode, Path crashLogDirectory) {
        this.pool = pool;
        this.workerName = "worker-" + w.slot + "#" + g.number();
        this.role = w.role.wireName();
        this.pid = g.tree().pid();
        this.exit = ExitInfo.of(exitCode, crashLogDirectory, pid);
        this.was = was;
        this.cause = cause;
        this.reason = cause == LossCause.VIOLATION && !killedBySupervisor
                ? "died by itself; its last output was not a frame (" + reason + ")" : reason;
        this.tail = g.stderr().text();
        this.killedBySupervisor = killedBySupervisor;
        this.killedExternally = !killedBySupervisor && exit.signal() != null
                && OUTSIDE_SIGNALS.contains(exit.signal());
        this.how = exit.describe() + (killedBySupervisor ? " (killed by the pool)"
                : killedExternally ? " (killed from outside the pool)" : "");
    }

    /** @return e.g. {@code ; statement quarantined for 600 s (…)}, or empty if not quarantined */
    static String quarantinedFor(Quarantine.Refusal quarantined) {
        return quarantined == null ? "" : "; statement quarantined for "
                + TimeUnit.NANOSECONDS.toSeconds(quarantined.remainingNanos()) + " s (" + quarantined.reason() + ")";
    }

    /** @return the loss as {@code WorkerPoolListener.workerLost(String, WorkerLoss)} gets it; not for a planned stop */
    WorkerLoss workerLoss() {
        WorkerLoss.Cause c = switch (cause) {
            // A worker that died by itself and left garbage behind (the JVM's crash banner on
            // stdout) crashed; only one the pool killed for what it wrote broke the protocol.
            case VIOLATION -> killedBySupervisor ? WorkerLoss.Cause.PROTOCOL_VIOLATION : WorkerLoss.Cause.CRASH;
            case DEADLINE -> WorkerLoss.Cause.DEADLINE;
            case STARTUP_TIMEOUT -> WorkerLoss.Cause.STARTUP_TIMEOUT;
            case CRASH, STOPPED, SUPERSEDED -> WorkerLoss.Cause.CRASH;
        };
        return new WorkerLoss(workerName, role, pid, c, exit.exitCode(), exit.signal(), killedBySupervisor,
                listenerReason());
    }

    /** @return whether the pool stopped this worker on purpose (closing, or started on a swapped-out file) */
    boolean planned() {
        return cause == LossCause.STOPPED || cause == LossCause.SUPERSEDED;
    }

    /** Logs the exit: INFO for a planned stop, WARN for a loss. */
    void log(PendingRequest r, long now) {
        if (planned()) {
            Logs.WORKERS.info("{} - {} stopped: pid {}, {}", pool, workerName, pid, exit.describe());
            return;
        }
        Logs.CRASHES.warn("{} - {} lost: {}; pid {}, {}, state {}, reason: {}, request: {}, crash log: {}, "
                        + "stderr tail:{}", pool, workerName, headline(r), pid, how, was, reason,
                r == null ? "none" : r.describe(now), exit.crashLog() == null ? "none" : exit.crashLog(),
                Text.indent(tail));
    }

    /**
     * The cause first, in words an operator reads at a glance, with the request under way by the
     * id its exception carries: {@code crashed with SIGSEGV while running query #226}. A native
     * crash whose banner reached stdout reads as the crash it is, not as the frame it broke.
     */
    String headline(PendingRequest r) {
        WorkerLoss loss = workerLoss();
        String what = switch (loss.cause()) {
            case CRASH -> killedBySupervisor ? "killed by the pool"
                    : exit.signal() != null ? (killedExternally ? "killed with " : "crashed with ") + exit.signal()
                    : exit.exitCode() != null ? "exited with code " + exit.exitCode() : "stopped answering";
            case DEADLINE -> "killed by the pool past its deadline";
            case STARTUP_TIMEOUT -> "killed by the pool: not ready within startupTimeout";
            case PROTOCOL_VIOLATION -> "killed by the pool for breaking the protocol";
        };
        return what + (r == null ? " while idle" : " while running " + r.kind.wireName() + " #" + r.wireId);
    }

    /** @return the reason given to {@code WorkerPoolListener.workerLost} */
    String listenerReason() {
        return reason + "; " + how;
    }

    /** @return whether this was a start that failed, as opposed to a worker lost once running */
    boolean failedStart() {
        return was == WorkerState.STARTING && !planned() && !killedExternally;
    }

    WorkerStartException startFailure(List<String> command) {
        return new WorkerStartException(pool + " - " + workerName + " failed to start: " + reason + "; " + how
                + "; stderr tail:" + Text.indent(tail), command, exit.exitCode(), tail, null);
    }

    /**
     * @param r the request the worker was running, with {@code r.crashes} naming every loss so far
     * @param quarantined the statement's quarantine if this loss started one, or null
     */
    WorkerCrashedException requestFailure(PendingRequest r, Quarantine.Refusal quarantined, long now) {
        boolean write = r.outcomeUnknownIfLost();
        String message = pool + " - " + r.kind.wireName() + " #" + r.wireId + " lost its worker"
                + (r.crashes.size() > 1 ? "s" : "") + " " + String.join(", then ", r.crashes)
                + (write ? "; the write's outcome is unknown (not retried)" : "")
                + (r.lease != null && !write && r.lease.kind == Lease.Kind.TRANSACTION
                ? "; the transaction is rolled back (not retried)" : "")
                + quarantinedFor(quarantined)
                + (exit.crashLog() != null ? "; crash log " + exit.crashLog() : "")
                + ": " + Text.sql(r.sql) + "; stderr tail:" + Text.indent(tail);
        return new WorkerCrashedException(message, r.wireId, workerName, Duration.ofNanos(now - r.submittedNanos),
                pid, exit.exitCode(), exit.signal(), tail, write, exit.crashLog());
    }

    /**
     * @param what {@code transaction} or {@code stream}: what held the worker, with no request on it
     * @return the failure behind the lease's loss
     */
    WorkerCrashedException leaseFailure(String what, long now) {
        String message = pool + " - " + workerName + " was lost while a " + what + " held it: " + how
                + (exit.crashLog() != null ? "; crash log " + exit.crashLog() : "") + "; stderr tail:"
                + Text.indent(tail);
        return new WorkerCrashedException(message, -1, workerName, Duration.ZERO, pid, exit.exitCode(), exit.signal(),
                tail, false, exit.crashLog());
    }
}
