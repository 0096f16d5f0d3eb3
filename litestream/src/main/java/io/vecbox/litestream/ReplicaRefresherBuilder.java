package io.vecbox.litestream;

import io.vecbox.supervisor.WorkerPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Builds a {@link ReplicaRefresher}. Mutable, not thread-safe; {@link #start()} validates, restores
 * the first copy and starts the pool.
 */
public final class ReplicaRefresherBuilder {
    private final String replicaUrl;
    private final Path directory;
    private String name = "replica";
    private Duration period = Duration.ofSeconds(30);
    private Duration restoreTimeout = Duration.ofMinutes(5);
    private Duration firstCopyTimeout = Duration.ofMinutes(1);
    private WorkerPool.Builder pool;
    private boolean checkCopies = true;
    private Path binary;
    private RefresherListener listener = new RefresherListener() { };

    ReplicaRefresherBuilder(String replicaUrl, Path directory) {
        this.replicaUrl = Objects.requireNonNull(replicaUrl, "replicaUrl");
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** @param name prefix of the log lines and the pool's name; default {@code replica} */
    public ReplicaRefresherBuilder name(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    /** @param d how often the replica is looked at (and restored when it moved); default 30 s */
    public ReplicaRefresherBuilder period(Duration d) {
        this.period = Checks.positive("period", d);
        return this;
    }

    /** @param d how long one listing or restore may take before it is killed; default 5 min */
    public ReplicaRefresherBuilder restoreTimeout(Duration d) {
        this.restoreTimeout = Checks.positive("restoreTimeout", d);
        return this;
    }

    /** @param d how long {@link #start()} waits for the replica to hold a first backup; default 1 min */
    public ReplicaRefresherBuilder firstCopyTimeout(Duration d) {
        this.firstCopyTimeout = Checks.positive("firstCopyTimeout", d);
        return this;
    }

    /**
     * @param builder the read-only pool's options (readers, timeouts, sandbox, ...); the refresher
     *     sets its {@code database} and {@code readOnly(true)}. Default: {@code WorkerPool.builder()}
     *     named after the refresher
     */
    public ReplicaRefresherBuilder pool(WorkerPool.Builder builder) {
        this.pool = Objects.requireNonNull(builder, "builder");
        return this;
    }

    /**
     * @param check whether each restored copy passes {@code pragma quick_check} (in a one-reader pool of
     *     its own) before it is served; default true (Litestream 0.3.13 can restore a malformed copy)
     */
    public ReplicaRefresherBuilder checkCopies(boolean check) {
        this.checkCopies = check;
        return this;
    }

    /** @param listener hears each swap and each failed refresh */
    public ReplicaRefresherBuilder listener(RefresherListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** @param binary a Litestream executable; default {@link LitestreamBinary#path()} */
    public ReplicaRefresherBuilder binary(Path binary) {
        this.binary = Objects.requireNonNull(binary, "binary");
        return this;
    }

    /**
     * Restores the first copy (waiting up to {@code firstCopyTimeout} for one to exist), starts the
     * read-only pool on it, and refreshes every {@code period} from then on.
     *
     * @return the running refresher
     * @throws NoBackupException if the replica holds nothing by {@code firstCopyTimeout}
     * @throws LitestreamException if the first copy cannot be restored or fails its check
     * @throws io.vecbox.supervisor.WorkerPoolException if the pool cannot start
     * @throws UncheckedIOException if the directory cannot be created
     */
    public ReplicaRefresher start() {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory + ": " + e, e);
        }
        WorkerPool.Builder b = pool != null ? pool : WorkerPool.builder().name(name);
        PoolServer server = new PoolServer(name, b, checkCopies);
        ReplicaRefresher r = new ReplicaRefresher(name, replicaUrl, directory.toAbsolutePath(),
                binary != null ? binary : LitestreamBinary.path(), restoreTimeout, server, listener, Clock.systemUTC());
        try {
            r.start(period, firstCopyTimeout);
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
        return r;
    }
}
