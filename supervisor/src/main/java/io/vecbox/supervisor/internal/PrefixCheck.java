package io.vecbox.supervisor.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells a pool's log, once, that its command prefix forks instead of exec'ing: the worker's hello
 * names a pid other than the launched process. The pool copes (it shows and signals the worker
 * JVM itself), but the exit code and signal it sees at a crash are the prefix's. Thread-safe.
 */
final class PrefixCheck {
    private final String pool;
    private final List<String> prefix;
    private final AtomicBoolean warned = new AtomicBoolean();

    PrefixCheck(String pool, List<String> prefix) {
        this.pool = pool;
        this.prefix = prefix;
    }

    /**
     * @param worker the worker's name
     * @param tree its processes
     * @param helloPid the pid in its hello
     */
    void onHello(String worker, ProcessTree tree, long helloPid) {
        ProcessTree.Hello verdict = tree.hello(helloPid);
        if (verdict == ProcessTree.Hello.SAME || !warned.compareAndSet(false, true)) {
            return;
        }
        String shown = prefix.isEmpty() ? "(none)" : String.join(" ", prefix);
        if (verdict == ProcessTree.Hello.FORKED) {
            Logs.POOL.warn("{} - the command prefix '{}' forks instead of exec'ing: {} runs as pid {} under the "
                    + "prefix's pid {}. The pool shows and signals the worker itself, but a crash report's exit code "
                    + "and signal are the prefix's; use a prefix that execs the command it is given (like prlimit, "
                    + "nice or env)", pool, shown, worker, helloPid, tree.launchedPid());
        } else {
            Logs.POOL.warn("{} - {} announced pid {}, which is neither its process {} nor one of that process's "
                    + "descendants (command prefix '{}'; another PID namespace?): the pool shows and signals pid {}",
                    pool, worker, helloPid, tree.launchedPid(), shown, tree.launchedPid());
        }
    }
}
