package io.vecbox.litestream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Keeps a local copy of a Litestream replica fresh and served: every {@code period} it asks the
 * replica whether anything was shipped since the copy in service ({@code litestream wal}, no data
 * read), and if so restores it into a new file in its directory, checks the file, and swaps it in
 * under the live read-only pool; the old copy is deleted once nothing reads it.
 *
 * <ul>
 *   <li>A query never sees two states: it runs on the old copy or on the new one (the pool's
 *       {@code swapDatabase} switches readers, and every copy is a finished restore that is never
 *       written).</li>
 *   <li>A refresh that fails (listing, restore, timeout, a copy the check refuses) is counted, logged
 *       at WARN, and the previous copy keeps serving; the next period tries again.</li>
 *   <li>The check exists because Litestream 0.3.13 can restore a copy that SQLite calls malformed
 *       (its issue 582 reports one; this module's tests have seen it under load).</li>
 * </ul>
 *
 * <p>The directory belongs to the refresher: it writes {@code replica-<n>.db} files there and
 * deletes them. Thread-safe; one scheduler thread ({@code vecbox-replica-<name>}) does the work.
 */
public final class ReplicaRefresher implements AutoCloseable {
    private static final Logger LOG = LitestreamLog.LOG;

    private final String name;
    private final String replicaUrl;
    private final Path directory;
    private final Path binary;
    private final Duration restoreTimeout;
    private final CopyServer server;
    private final RefresherListener listener;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong sequence = new AtomicLong();

    // guarded by this
    private ReplicaState served = ReplicaState.EMPTY;
    private Path current;
    private long restores;
    private long swaps;
    private long unchanged;
    private long failures;
    private Instant lastRestore;
    private Duration lastLag;
    private boolean closed;

    ReplicaRefresher(String name, String replicaUrl, Path directory, Path binary, Duration restoreTimeout,
                     CopyServer server, RefresherListener listener, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.replicaUrl = Objects.requireNonNull(replicaUrl, "replicaUrl");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.binary = Objects.requireNonNull(binary, "binary");
        this.restoreTimeout = Objects.requireNonNull(restoreTimeout, "restoreTimeout");
        this.server = Objects.requireNonNull(server, "server");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vecbox-replica-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Restores the first copy and starts serving it, waiting up to {@code firstCopyTimeout} for the
     * replica to hold a backup (polling every {@code period}); then refreshes every {@code period}.
     *
     * @throws NoBackupException if the replica still holds nothing at the timeout
     * @throws LitestreamException if the first copy cannot be restored or fails its check
     */
    void start(Duration period, Duration firstCopyTimeout) {
        long deadline = System.nanoTime() + firstCopyTimeout.toNanos();
        while (true) {
            ReplicaState state = Litestream.state(binary, replicaUrl, restoreTimeout);
            if (!state.isEmpty()) {
                Path copy = restoreChecked(state);
                server.open(copy);
                synchronized (this) {
                    current = copy;
                }
                LOG.info("{} - serving {} restored from {}", name, copy, replicaUrl);
                tell(() -> listener.swapped(copy, stats()));
                break;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new NoBackupException(replicaUrl, java.util.List.of(binary.toString(), "wal", replicaUrl), "");
            }
            try {
                Thread.sleep(period.toMillis()); // waiting for the primary's first sync; no event to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LitestreamException(name + " - interrupted while waiting for a first backup at " + replicaUrl, e);
            }
        }
        scheduler.scheduleWithFixedDelay(this::refreshQuietly, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            synchronized (this) {
                if (closed) {
                    return; // close() interrupted the refresh
                }
                failures++;
            }
            LOG.warn("{} - refresh from {} failed; still serving {}: {}", name, replicaUrl, currentCopy(), e.getMessage());
            tell(() -> listener.failed(e, stats()));
        }
    }

    private void tell(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            LOG.warn("{} - refresher listener failed", name, e);
        }
    }

    /**
     * One refresh, on the caller's thread: list, and if the replica moved restore, check and swap.
     *
     * @return true if a new copy went into service
     * @throws LitestreamException if the listing, restore or check fails (the previous copy keeps serving)
     */
    boolean refresh() {
        ReplicaState state = Litestream.state(binary, replicaUrl, restoreTimeout);
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (state.segments().equals(served.segments())) {
                unchanged++;
                return false;
            }
        }
        Path copy = restoreChecked(state);
        Path old;
        synchronized (this) {
            if (closed) {
                deleteCopy(copy);
                return false;
            }
            old = current;
        }
        try {
            server.swap(copy);
        } catch (RuntimeException e) {
            deleteCopy(copy);
            throw e;
        }
        synchronized (this) {
            current = copy;
            swaps++;
        }
        deleteCopy(old);
        LOG.trace("{} - swapped to {}", name, copy);
        tell(() -> listener.swapped(copy, stats()));
        return true;
    }

    private Path restoreChecked(ReplicaState state) {
        Path copy = directory.resolve("replica-" + sequence.incrementAndGet() + ".db");
        Instant started = clock.instant();
        Litestream.restore(binary, replicaUrl, copy, restoreTimeout);
        synchronized (this) {
            restores++;
        }
        String problem = server.check(copy);
        if (problem != null) {
            deleteCopy(copy);
            throw new LitestreamException(name + " - restored copy of " + replicaUrl + " failed its check (" + problem
                    + "); it was deleted");
        }
        synchronized (this) {
            served = state;
            lastRestore = started;
            lastLag = state.newest().map(n -> Duration.between(n, started)).map(d -> d.isNegative() ? Duration.ZERO : d)
                    .orElse(null);
        }
        return copy;
    }

    /**
     * @param replicaUrl the replica to follow ({@code file:///abs/dir}, {@code s3://bucket/path}, ...)
     * @param directory where the copies live; created if missing; the refresher writes and deletes
     *     {@code replica-<n>.db} files there
     * @return a builder
     */
    public static ReplicaRefresherBuilder builder(String replicaUrl, Path directory) {
        return new ReplicaRefresherBuilder(replicaUrl, directory);
    }

    /**
     * @return the read-only pool that serves the copy in service; queries on it never fail or see
     *     two copies because of a swap
     * @throws IllegalStateException for a refresher built without a pool (tests)
     */
    public io.vecbox.supervisor.WorkerPool pool() {
        if (server instanceof PoolServer p) {
            return p.pool();
        }
        throw new IllegalStateException(name + " - this refresher serves its copies without a pool");
    }

    /** @return the copy in service */
    public synchronized Path currentCopy() {
        return current;
    }

    /** @return the counters now */
    public synchronized RefresherStats stats() {
        return new RefresherStats(restores, swaps, unchanged, failures, Optional.ofNullable(lastRestore),
                Optional.ofNullable(lastLag), current);
    }

    /** Stops refreshing, closes the server (the pool), deletes the copies. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(restoreTimeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
        deleteCopy(currentCopy());
    }

    private void deleteCopy(Path copy) {
        if (copy == null) {
            return;
        }
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            try {
                Files.deleteIfExists(Path.of(copy + suffix));
            } catch (IOException e) {
                LOG.warn("{} - cannot delete {}: {}", name, copy + suffix, e.toString());
            }
        }
    }
}
