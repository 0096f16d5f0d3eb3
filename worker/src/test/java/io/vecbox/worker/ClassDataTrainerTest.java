package io.vecbox.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ClassDataTrainerTest {
    @TempDir
    Path dir;

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    @Timeout(60)
    void aCommandThatIsNoWorkerMakesNoArchiveAndLeavesNothingBehind() throws IOException {
        Path archive = dir.resolve("worker-1.jsa");
        // What a killed trainer of the same archive left, and another archive's training in progress.
        Files.writeString(dir.resolve(".worker-1.jsa.999.tmp"), "half an archive");
        Files.createDirectories(dir.resolve(".training-worker-1.jsa-123").resolve("sub"));
        Files.writeString(dir.resolve(".worker-2.jsa.999.tmp"), "someone else's");

        assertThatThrownBy(() -> ClassDataTrainer.train(archive, dir.resolve("vec0.so"), List.of(java(), "-version")))
                .isInstanceOf(IOException.class).hasMessageContaining("did not finish normally");

        assertThat(archive).doesNotExist();
        assertThat(dir.resolve("worker-1.jsa.sha256")).doesNotExist();
        assertThat(dir.resolve(".worker-1.jsa.999.tmp")).doesNotExist();
        assertThat(dir.resolve(".training-worker-1.jsa-123")).doesNotExist();
        assertThat(dir.resolve(".worker-2.jsa.999.tmp")).exists();
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(".worker-2.jsa.999.tmp", "worker-1.jsa.lock");
        }
    }

    @Test
    void theDumpRunsTheWorkersOwnCommandWithTheClassListAndTheArchive() {
        List<String> worker = List.of("/jdk/bin/java", "-Xmx256m", "--add-modules=jdk.incubator.vector", "-jar",
                "/cache/worker.jar");

        assertThat(ClassDataTrainer.dumpCommand(worker, Path.of("/cache/a.classlist"), Path.of("/cache/a.jsa")))
                .containsExactly("/jdk/bin/java", "-Xshare:dump", "-XX:SharedClassListFile=" + Path.of("/cache/a.classlist"),
                        "-XX:SharedArchiveFile=" + Path.of("/cache/a.jsa"), "-Xmx256m",
                        "--add-modules=jdk.incubator.vector", "-jar", "/cache/worker.jar");
    }
}
