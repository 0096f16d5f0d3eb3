package io.vecbox.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vecbox.protocol.Configure;
import io.vecbox.protocol.Role;
import io.vecbox.supervisor.PoolConfig;
import io.vecbox.supervisor.RestartPolicy;
import io.vecbox.supervisor.SandboxPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the configure message carries from the pool's configuration. */
class WorkerConfigurationTest {
    private static PoolConfig config(SandboxPolicy sandbox, long knnCacheBytes) {
        return config(sandbox, knnCacheBytes, false);
    }

    private static PoolConfig config(SandboxPolicy sandbox, long knnCacheBytes, boolean knnWarmUp) {
        Duration s = Duration.ofSeconds(1);
        return new PoolConfig("p", Path.of("d.db"), 1, s, s, s, 10, 1 << 20, false, RestartPolicy.ofDefaults(), s,
                List.of(), List.of(), Map.of(), s, s, 1, s, s, 8, Path.of("cache"), Path.of("crash"), sandbox, s, s,
                false, PoolConfig.DEFAULT_MMAP_SIZE, PoolConfig.SQLITE_DEFAULT_CACHE_SIZE, false, knnCacheBytes, true, true, 0, 0, false, false, true,
                PoolConfig.SQLITE_DEFAULT_WAL_AUTOCHECKPOINT, knnWarmUp);
    }

    @Test
    void everyWorkerLearnsTheKnnCacheSizeWhateverItsProfile() {
        for (SandboxPolicy sandbox : List.of(SandboxPolicy.trusted(), SandboxPolicy.untrusted())) {
            Configure c = WorkerConfiguration.configure(config(sandbox, 12345), Path.of("d.db"), Path.of("vec0.so"),
                    "worker-1#1", Role.READER);
            assertThat(c.knnCacheBytes()).as("%s", sandbox).isEqualTo(12345);
        }
        Configure defaults = WorkerConfiguration.configure(config(SandboxPolicy.trusted(), PoolConfig.DEFAULT_KNN_CACHE_BYTES),
                Path.of("d.db"), Path.of("vec0.so"), "worker-1#1", Role.READER);
        assertThat(defaults.knnCacheBytes()).isEqualTo(64L << 20);
    }

    @Test
    void readersAloneAreAskedToWarmUpTheirKnnCacheWhateverTheProfile() {
        for (SandboxPolicy sandbox : List.of(SandboxPolicy.trusted(), SandboxPolicy.untrusted())) {
            PoolConfig warm = config(sandbox, 1 << 20, true);
            assertThat(WorkerConfiguration.configure(warm, Path.of("d.db"), Path.of("vec0.so"), "worker-1#1",
                    Role.READER).knnWarmUp()).as("reader, %s", sandbox).isTrue();
            assertThat(WorkerConfiguration.configure(warm, Path.of("d.db"), Path.of("vec0.so"), "worker-0#1",
                    Role.WRITER).knnWarmUp()).as("writer, %s", sandbox).isFalse();
            assertThat(WorkerConfiguration.configure(config(sandbox, 1 << 20), Path.of("d.db"), Path.of("vec0.so"),
                    "worker-1#1", Role.READER).knnWarmUp()).as("off, %s", sandbox).isFalse();
        }
    }

    @Test
    void theWriterAloneGetsTheAutocheckpointAndTheCheckpointOnCloseChoice() {
        Duration s = Duration.ofSeconds(1);
        PoolConfig litestream = new PoolConfig("p", Path.of("d.db"), 1, s, s, s, 10, 1 << 20, false,
                RestartPolicy.ofDefaults(), s, List.of(), List.of(), Map.of(), s, s, 1, s, s, 8, Path.of("cache"),
                Path.of("crash"), SandboxPolicy.untrusted(), s, s, false, PoolConfig.DEFAULT_MMAP_SIZE,
                PoolConfig.SQLITE_DEFAULT_CACHE_SIZE, false, 0, true, true, 0, 0, false, false, false, 0, false);
        Configure writer = WorkerConfiguration.configure(litestream, Path.of("d.db"), Path.of("vec0.so"), "worker-0#1",
                Role.WRITER);
        assertThat(writer.checkpointOnClose()).isFalse();
        assertThat(writer.pragmas()).containsEntry("wal_autocheckpoint", "0");
        Configure reader = WorkerConfiguration.configure(litestream, Path.of("d.db"), Path.of("vec0.so"), "worker-1#1",
                Role.READER);
        assertThat(reader.pragmas()).doesNotContainKey("wal_autocheckpoint");

        Configure byDefault = WorkerConfiguration.configure(config(SandboxPolicy.trusted(), 0), Path.of("d.db"),
                Path.of("vec0.so"), "worker-0#1", Role.WRITER);
        assertThat(byDefault.checkpointOnClose()).isTrue();
        assertThat(byDefault.pragmas()).containsEntry("wal_autocheckpoint", "1000");
    }
}
