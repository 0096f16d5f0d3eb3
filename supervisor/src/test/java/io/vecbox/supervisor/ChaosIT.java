package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 16 threads of mixed queries and writes while another thread SIGKILLs a random worker every
 * 300 ms. Every future completes; every failure is a WorkerPoolException; every acknowledged
 * write is in the database at the end; every answer is correct. The default run lasts 20 s;
 * {@code mvn -Psoak verify -pl supervisor -am} runs the long one
 * ({@code -Dvecbox.soak.seconds=300} by default).
 */
class ChaosIT {
    private static final int THREADS = 16;
    private static final int VECTORS = 200;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void sixteenThreadsSurviveAWorkerKilledEvery300ms() throws Exception {
        run(Duration.ofSeconds(20));
    }

    @Test
    @Tag("soak")
    @Timeout(value = 3600, unit = TimeUnit.SECONDS)
    void soak() throws Exception {
        run(Duration.ofSeconds(Long.getLong("vecbox.soak.seconds", 300)));
    }

    private void run(Duration length) throws Exception {
        RestartPolicy policy = RestartPolicy.builder().initialBackoff(Duration.ofMillis(10))
                .maxBackoff(Duration.ofMillis(200)).maxRestarts(100_000, Duration.ofSeconds(60)).build();
        try (WorkerPool pool = WorkerPool.builder().name("chaos").database(dir.resolve("chaos.db")).readers(3)
                .queryTimeout(Duration.ofSeconds(10)).acquireTimeout(Duration.ofSeconds(30)).maxQueued(10_000)
                .maxRows(1_000_000).maxResultBytes(48L * 1024 * 1024).restartPolicy(policy)
                .crashLogDirectory(dir.resolve("crash")).build()) {
            float[][] vectors = new float[VECTORS][8];
            Random seed = new Random(1234);
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < VECTORS; i++) {
                for (int d = 0; d < 8; d++) {
                    vectors[i][d] = seed.nextFloat();
                }
                rows.add(new Object[] {i + 1, vectors[i]});
            }
            pool.execute("create virtual table vec using vec0(embedding float[8])");
            pool.executeMany("insert into vec(rowid, embedding) values (?, ?)", rows);
            pool.execute("create table kv(id integer primary key, v integer not null)");

            Map<Long, Long> acknowledged = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
            Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong kills = new AtomicLong();
            long end = System.nanoTime() + length.toNanos();

            Thread killer = new Thread(() -> {
                Random r = new Random(99);
                while (!stop.get()) {
                    List<WorkerInfo> live = pool.workers().stream().filter(w -> w.pid() > 0).toList();
                    if (!live.isEmpty()) {
                        WorkerInfo victim = live.get(r.nextInt(live.size()));
                        ProcessHandle.of(victim.pid()).ifPresent(h -> {
                            if (h.destroyForcibly()) {
                                kills.incrementAndGet();
                            }
                        });
                    }
                    try {
                        Thread.sleep(300); // the chaos cadence itself, not synchronisation
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "chaos-killer");
            killer.start();

            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    Random r = new Random(thread);
                    List<Long> mine = new ArrayList<>();
                    long seq = 0;
                    while (System.nanoTime() < end) {
                        int op = r.nextInt(10);
                        String kind = op < 3 ? "write" : op < 6 ? "point" : op < 8 ? "knn" : "compute";
                        try {
                            if (kind.equals("write")) {
                                long id = thread * 1_000_000_000L + ++seq;
                                pool.execute("insert into kv(id, v) values (?, ?)", id, id * 7);
                                acknowledged.put(id, id * 7);
                                mine.add(id);
                            } else if (kind.equals("point") && !mine.isEmpty()) {
                                long id = mine.get(r.nextInt(mine.size()));
                                QueryResult q = pool.query("select v from kv where id = ?", id);
                                if (q.size() != 1 || q.rows().get(0).getLong(0) != id * 7) {
                                    wrong.add("point " + id + " -> " + q.rows());
                                }
                            } else if (kind.equals("knn")) {
                                int i = r.nextInt(VECTORS);
                                QueryResult q = pool.query(
                                        "select rowid from vec where embedding match ? and k = 3", vectors[i]);
                                if (q.size() != 3 || q.rows().get(0).getLong(0) != i + 1) {
                                    wrong.add("knn " + (i + 1) + " -> " + q.rows());
                                }
                            } else {
                                long a = r.nextInt(1_000_000);
                                long b = r.nextInt(1_000_000);
                                QueryResult q = pool.query("select ? + ?", a, b);
                                if (q.rows().get(0).getLong(0) != a + b) {
                                    wrong.add("compute " + a + "+" + b + " -> " + q.rows());
                                }
                            }
                            outcomes.computeIfAbsent(kind + " ok", k -> new AtomicLong()).incrementAndGet();
                        } catch (WorkerPoolException e) {
                            outcomes.computeIfAbsent(kind + " " + e.getClass().getSimpleName(), k -> new AtomicLong())
                                    .incrementAndGet();
                        } catch (RuntimeException e) {
                            wrong.add("not a WorkerPoolException: " + e);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                try {
                    f.get(length.toSeconds() + 120, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    wrong.add("a request never completed");
                } catch (ExecutionException e) {
                    wrong.add("thread failed: " + e.getCause());
                }
            }
            stop.set(true);
            killer.interrupt();
            killer.join();
            threads.shutdownNow();

            // Let the killed workers come back so the final check runs on a full pool.
            Map<Long, Long> stored = new HashMap<>();
            QueryResult all = retry(() -> pool.query("select id, v from kv"));
            for (Row row : all) {
                stored.put(row.getLong(0), row.getLong(1));
            }
            List<Long> lost = new ArrayList<>();
            acknowledged.forEach((id, v) -> {
                if (!v.equals(stored.get(id))) {
                    lost.add(id);
                }
            });
            PoolStats stats = pool.stats();
            System.out.printf("chaos: %d s, %d kills, %d acknowledged writes, outcomes %s, stats %s%n",
                    length.toSeconds(), kills.get(), acknowledged.size(), new java.util.TreeMap<>(outcomes), stats);
            assertThat(wrong).as("wrong answers, hangs or foreign exceptions").isEmpty();
            assertThat(lost).as("acknowledged writes missing from the database").isEmpty();
            assertThat(all.truncated()).isFalse();
            assertThat(kills.get()).isGreaterThanOrEqualTo(length.toMillis() / 300 / 2);
            assertThat(outcomes.keySet()).contains("write ok", "knn ok", "compute ok");
            assertThat(stats.crashes()).isGreaterThan(0);
            assertThat(stats.quarantined()).as("outside kills are not the statements' fault").isZero();
        }
    }

    private static <T> T retry(java.util.function.Supplier<T> call) {
        WorkerPoolException last = null;
        for (int i = 0; i < 5; i++) {
            try {
                return call.get();
            } catch (WorkerPoolException e) {
                last = e;
            }
        }
        throw last;
    }
}
