package io.vecbox.supervisor.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pools not yet closed, closed by one JVM shutdown hook so that a host that exits without
 * closing its pools still stops its workers in order.
 */
final class OpenPools {
    private static final Set<Supervisor> OPEN = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private OpenPools() {
    }

    static void add(Supervisor s) {
        installHook();
        OPEN.add(s);
    }

    static void remove(Supervisor s) {
        OPEN.remove(s);
    }

    private static synchronized void installHook() {
        if (hookInstalled) {
            return;
        }
        hookInstalled = true;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            List<Supervisor> pools = new ArrayList<>(OPEN);
            for (Supervisor s : pools) {
                s.closeForShutdownHook();
            }
        }, "vecbox-shutdown"));
    }
}
