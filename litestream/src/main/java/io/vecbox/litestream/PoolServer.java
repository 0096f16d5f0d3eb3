package io.vecbox.litestream;

import io.vecbox.supervisor.QueryResult;
import io.vecbox.supervisor.SandboxPolicy;
import io.vecbox.supervisor.WorkerPool;
import io.vecbox.supervisor.WorkerPoolException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Serves a {@link ReplicaRefresher}'s copies with a read-only {@link WorkerPool}, and checks each copy
 * first with {@code pragma quick_check} in a one-reader read-only pool of its own (SQLite runs in a
 * worker, never in the host). Called from one thread at a time.
 */
final class PoolServer implements CopyServer {
    private final String name;
    private final WorkerPool.Builder builder;
    private final boolean checkCopies;
    private volatile WorkerPool pool;

    PoolServer(String name, WorkerPool.Builder builder, boolean checkCopies) {
        this.name = Objects.requireNonNull(name, "name");
        this.builder = Objects.requireNonNull(builder, "builder");
        this.checkCopies = checkCopies;
    }

    @Override
    public String check(Path copy) {
        if (!checkCopies) {
            return null;
        }
        try (WorkerPool checker = WorkerPool.builder().name(name + "-check").database(copy).readOnly(true).readers(1)
                .knnFastPath(false).sandbox(SandboxPolicy.trusted()).build()) {
            QueryResult r = checker.query("pragma quick_check");
            String first = r.rows().isEmpty() ? "no answer" : r.rows().get(0).getString(0);
            return "ok".equals(first) ? null : "quick_check: " + first + (r.size() > 1 ? " (+" + (r.size() - 1) + " more)" : "");
        } catch (WorkerPoolException e) {
            return e.getMessage();
        }
    }

    @Override
    public void open(Path first) {
        pool = builder.database(first).readOnly(true).build();
    }

    @Override
    public void swap(Path next) {
        pool.swapDatabase(next);
    }

    /** @return the pool, once {@link #open} ran */
    WorkerPool pool() {
        return pool;
    }

    @Override
    public void close() {
        WorkerPool p = pool;
        if (p != null) {
            p.close();
        }
    }
}
