package io.vecbox.worker;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Keeps a terminal's Ctrl-C and Ctrl-\ from killing the worker. Both reach every process in the
 * terminal's foreground process group, workers included, so without this a Ctrl-C in a host
 * application (or in {@code vecbox shell}) would kill every worker before the host's own
 * shutdown could drain its requests. A worker exits when its stdin ends, when the supervisor
 * asks it to, or when the supervisor kills it; never because a terminal was interrupted.
 *
 * <ul>
 *   <li>SIGINT: set to ignored. Until this runs (the first moments of JVM start-up) the JVM's
 *       default applies and a SIGINT still ends the worker; the pool then restarts it.</li>
 *   <li>SIGQUIT: HotSpot reserves it for thread dumps and lets no Java code change it; its
 *       handler prints a thread dump (to stderr, as the supervisor runs workers with
 *       {@code -XX:+DisplayVMOutputToStderr}) and the worker carries on. A worker started with
 *       {@code -Xrs} has no such handler, and SIGQUIT's default action (terminate) applies.</li>
 * </ul>
 *
 * <p>SIGTERM keeps its default (the JVM runs its shutdown hooks and exits): it is how a service
 * manager stops a process tree, and the supervisor itself uses it to stop a worker.
 */
final class TerminalSignals {
    private TerminalSignals() {
    }

    /** Ignores SIGINT for the rest of this JVM's life; logs and carries on if the JVM refuses. */
    static void ignoreInterrupt() {
        try {
            Signal.handle(new Signal("INT"), SignalHandler.SIG_IGN);
        } catch (IllegalArgumentException | LinkageError e) {
            // -Xrs (the JVM keeps its hands off SIGINT) or a runtime without jdk.unsupported.
            StderrLog.warn("cannot ignore SIGINT, a terminal's Ctrl-C will stop this worker: " + e);
        }
    }
}
