package io.vecbox.litestream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vecbox.supervisor.WorkerPool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The refresher's own rules, with real restores from a real replica but a recording server in
 * place of the read-only pool: a refresh restores only when the replica moved, a copy that fails
 * its check is never served, the old copy is deleted once swapped out.
 */
@EnabledIf(value = "io.vecbox.litestream.LitestreamBinary#isAvailable", disabledReason = "no Litestream for this platform: set -Dvecbox.litestream")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReplicaRefresherCoreIT {
    @TempDir
    Path dir;

    /** Records what it was told to serve; refuses copies while {@code refuse} is set. */
    static final class RecordingServer implements CopyServer {
        final List<Path> served = new ArrayList<>();
        volatile String refuse;
        boolean closed;

        @Override
        public String check(Path copy) {
            return refuse;
        }

        @Override
        public void open(Path first) {
            served.add(first);
        }

        @Override
        public void swap(Path next) {
            served.add(next);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void restoresOnlyWhenTheReplicaMovedAndNeverServesARefusedCopy() throws Exception {
        Path db = dir.resolve("app.db");
        String url = Replicas.fileUrl(dir.resolve("replica"));
        Path copies = Files.createDirectories(dir.resolve("copies"));
        RecordingServer server = new RecordingServer();
        try (WorkerPool pool = Replicas.primary(db).build();
             Replicator replicator = Replicas.replicator(db, url).start()) {
            pool.execute("create table rows(id integer primary key)");
            pool.execute("insert into rows values (1)");
            assertThat(replicator.flush(Duration.ofSeconds(20))).isTrue();

            ReplicaRefresher refresher = new ReplicaRefresher("replica", url, copies, LitestreamBinary.path(),
                    Duration.ofSeconds(30), server, new RefresherListener() { }, Clock.systemUTC());
            try {
                refresher.start(Duration.ofHours(1), Duration.ofSeconds(20)); // refreshed by hand below
                Path first = refresher.currentCopy();
                assertThat(server.served).containsExactly(first);
                assertThat(Replicas.longs(first, "select id from rows")).containsExactly(1L);

                assertThat(refresher.refresh()).as("nothing shipped since").isFalse();
                assertThat(refresher.stats().unchanged()).isEqualTo(1);

                pool.execute("insert into rows values (2)");
                assertThat(replicator.flush(Duration.ofSeconds(20))).isTrue();
                server.refuse = "malformed (test)";
                assertThatThrownBy(refresher::refresh).isInstanceOf(LitestreamException.class)
                        .hasMessageContaining("failed its check (malformed (test))");
                assertThat(refresher.currentCopy()).isEqualTo(first);
                assertThat(server.served).containsExactly(first);
                try (var files = Files.list(copies)) { // (reading a copy in-process made its -shm and -wal)
                    assertThat(files.filter(f -> f.toString().endsWith(".db")).toList())
                            .as("the refused copy was deleted").containsExactly(first);
                }

                server.refuse = null;
                assertThat(refresher.refresh()).isTrue();
                Path second = refresher.currentCopy();
                assertThat(second).isNotEqualTo(first);
                assertThat(server.served).containsExactly(first, second);
                assertThat(Replicas.longs(second, "select id from rows order by id")).containsExactly(1L, 2L);
                assertThat(first).as("swapped out, so deleted").doesNotExist();
                RefresherStats stats = refresher.stats();
                assertThat(stats.swaps()).isEqualTo(1);
                assertThat(stats.restores()).isEqualTo(3);
                assertThat(stats.lastRestore()).isPresent();
                assertThat(stats.lastLag()).isPresent();
            } finally {
                refresher.close();
            }
            assertThat(server.closed).isTrue();
            try (var files = Files.list(copies)) {
                assertThat(files.toList()).as("close() deletes the copies").isEmpty();
            }
        }
    }
}
