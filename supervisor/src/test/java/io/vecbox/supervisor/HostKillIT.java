package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** No worker outlives its host, even one killed with SIGKILL that closed nothing. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostKillIT {
    @TempDir
    Path dir;

    @Test
    void sigkillOfTheHostLeavesNoWorkerBehindAfterThreeSeconds() throws Exception {
        Process host = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HostMain.class.getName(), dir.resolve("h.db").toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<ProcessHandle> workers = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(host.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("ready")) {
                if (line.startsWith("pid ")) {
                    workers.add(ProcessHandle.of(Long.parseLong(line.substring(4))).orElseThrow());
                }
            }
            assertThat(line).as("host printed its workers").isEqualTo("ready");
            assertThat(workers).hasSize(3).allSatisfy(w -> assertThat(w.isAlive()).isTrue());

            host.destroyForcibly(); // SIGKILL: no shutdown hook runs
            host.onExit().get(10, TimeUnit.SECONDS);
            long killed = System.nanoTime();
            CompletableFuture.allOf(workers.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(3, TimeUnit.SECONDS);
            long ms = (System.nanoTime() - killed) / 1_000_000;
            assertThat(workers).allSatisfy(w -> assertThat(w.isAlive()).isFalse());
            assertThat(ms).isLessThan(3000);
        } finally {
            host.destroyForcibly();
            workers.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
