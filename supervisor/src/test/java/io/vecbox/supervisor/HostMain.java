package io.vecbox.supervisor;

import java.nio.file.Path;

/**
 * A host JVM for {@link HostKillIT}: opens a pool, prints its workers' pids, then waits to be
 * killed.
 */
public final class HostMain {
    private HostMain() {
    }

    public static void main(String[] args) throws Exception {
        WorkerPool pool = WorkerPool.builder().name("host").database(Path.of(args[0])).readers(2)
                .crashLogDirectory(Path.of(args[0]).resolveSibling("crash")).build();
        for (WorkerInfo w : pool.workers()) {
            System.out.println("pid " + w.pid());
        }
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
