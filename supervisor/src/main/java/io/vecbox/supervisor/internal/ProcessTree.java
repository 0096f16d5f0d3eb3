package io.vecbox.supervisor.internal;

/**
 * The process a worker generation launched and the worker JVM it runs. They are one process
 * unless the command prefix forks instead of exec'ing ({@code timeout 600}, a shell script
 * without {@code exec}): then the worker, whose pid arrives in its hello, is a descendant of the
 * launched process, and a signal to the launched process alone would leave it running.
 *
 * <p>Signals go through {@link ProcessHandle}: {@link Process#destroy()} also closes the worker's
 * stdin, which waits for a writer thread blocked on the full pipe of a frozen worker. Thread-safe.
 */
final class ProcessTree {
    /** What the pid in a worker's hello says about the command prefix. */
    enum Hello {
        /** The worker is the launched process: the prefix exec'd, or there is none. */
        SAME,
        /** The worker is a descendant of the launched process: the prefix forked. */
        FORKED,
        /** Neither: another PID namespace, or a pid that cannot be checked. Ignored. */
        UNKNOWN
    }

    private final Process launched;
    private volatile ProcessHandle worker;

    ProcessTree(Process launched) {
        this.launched = launched;
    }

    /**
     * Records the pid a worker announced. A worker is not trusted with a pid it could point
     * anywhere: only the launched process's descendants are taken.
     *
     * @param pid the pid in the worker's hello
     * @return what it says about the prefix
     */
    Hello hello(long pid) {
        if (pid == launched.pid()) {
            return Hello.SAME;
        }
        ProcessHandle found = launched.toHandle().descendants().filter(h -> h.pid() == pid).findFirst().orElse(null);
        if (found == null) {
            return Hello.UNKNOWN;
        }
        worker = found;
        return Hello.FORKED;
    }

    /** @return the worker JVM's pid once known through a forking prefix, else the launched process's */
    long pid() {
        ProcessHandle w = worker;
        return w != null ? w.pid() : launched.pid();
    }

    /** @return the launched process's pid (the prefix's, when it forks) */
    long launchedPid() {
        return launched.pid();
    }

    /** SIGTERM to the worker, then to the launched process. */
    void terminate() {
        ProcessHandle w = worker;
        if (w != null) {
            w.destroy();
        }
        launched.toHandle().destroy();
    }

    /**
     * The generation is over: kills a worker JVM that a forking prefix left behind when it died
     * (it would hold the stderr pipe, and exit only when it notices the end of its stdin).
     */
    void killOrphan() {
        ProcessHandle w = worker;
        if (w != null && w.isAlive() && !launched.isAlive()) {
            w.destroyForcibly();
        }
    }

    /** SIGKILL to the worker, then to the launched process. */
    void kill() {
        ProcessHandle w = worker;
        if (w != null) {
            w.destroyForcibly();
        }
        launched.toHandle().destroyForcibly();
    }
}
