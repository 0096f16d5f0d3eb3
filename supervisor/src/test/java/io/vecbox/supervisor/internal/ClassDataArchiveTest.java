package io.vecbox.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vecbox.nativelib.CachedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataArchiveTest {
    @TempDir
    Path dir;

    private Path jar() throws IOException {
        Path jar = dir.resolve("worker.jar");
        if (!Files.exists(jar)) {
            Files.writeString(jar, "jar");
        }
        return jar;
    }

    @Test
    void systemPropertiesAndTheCrashLogPlaceDoNotChangeTheKey() throws IOException {
        String plain = ClassDataArchive.key(jar(), List.of("-Xmx256m", "-XX:ErrorFile=/a/hs_err_pid%p.log"));

        assertThat(ClassDataArchive.key(jar(), List.of("-Xmx256m", "-XX:ErrorFile=/b/hs_err_pid%p.log",
                "-Dvecbox.testFaults=true"))).isEqualTo(plain);
        assertThat(ClassDataArchive.shapingOptions(List.of("-Dx=1", "-Xss1m", "-XX:ErrorFile=/c")))
                .containsExactly("-Xss1m");
    }

    @Test
    void otherOptionsOrAnotherJarChangeTheKey() throws IOException {
        String plain = ClassDataArchive.key(jar(), List.of("-Xmx256m"));

        assertThat(ClassDataArchive.key(jar(), List.of("-Xmx512m"))).isNotEqualTo(plain);
        assertThat(ClassDataArchive.key(jar(), List.of("-Xmx256m", "-XX:+UseG1GC"))).isNotEqualTo(plain);
        Files.writeString(jar(), "another build of the jar");
        assertThat(ClassDataArchive.key(jar(), List.of("-Xmx256m"))).isNotEqualTo(plain);
    }

    @Test
    void anArchiveIsUsedOnlyWithAMatchingChecksum() throws IOException {
        ClassDataArchive archive = ClassDataArchive.forWorker(dir.resolve("cache"), jar(), List.of());
        assertThat(archive.path().getFileName().toString()).matches("worker-[0-9a-f]{16}\\.jsa");
        assertThat(archive.jvmOptions()).isEmpty(); // none yet

        byte[] content = "archive bytes".getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(archive.path().getParent());
        Files.write(archive.path(), content);
        Files.writeString(archive.checksumFile(), CachedFile.sha256Hex(content) + "\n");
        assertThat(archive.jvmOptions()).contains(List.of("-XX:SharedArchiveFile=" + archive.path()));
    }

    @Test
    void aTruncatedArchiveIsDeletedSoThatItIsMadeAgain() throws IOException {
        ClassDataArchive archive = ClassDataArchive.forWorker(dir.resolve("cache"), jar(), List.of("-Xss1m"));
        byte[] content = "archive bytes".getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(archive.path().getParent());
        Files.writeString(archive.checksumFile(), CachedFile.sha256Hex(content) + "\n");
        Files.write(archive.path(), "archive".getBytes(StandardCharsets.UTF_8));

        assertThat(archive.jvmOptions()).isEmpty();
        assertThat(archive.path()).doesNotExist();
        assertThat(archive.checksumFile()).doesNotExist();
    }

    /** An archive and its checksum as a training publishes them, made a minute ago (old enough to stamp). */
    private ClassDataArchive trained(List<String> options, byte[] content) throws IOException {
        ClassDataArchive archive = ClassDataArchive.forWorker(dir.resolve("cache"), jar(), options);
        Files.createDirectories(archive.path().getParent());
        Files.write(archive.path(), content);
        Files.writeString(archive.checksumFile(), CachedFile.sha256Hex(content) + "\n");
        Files.setLastModifiedTime(archive.path(), FileTime.from(Instant.now().minusSeconds(60)));
        return archive;
    }

    @Test
    void anotherJvmTakesTheStampOfAVerifiedArchiveWithoutHashingItAgain() throws IOException {
        ClassDataArchive archive = trained(List.of("-Xss3m"), "archive bytes".getBytes(StandardCharsets.UTF_8));
        assertThat(archive.jvmOptions()).isPresent(); // hashed once, and stamped

        // As a new JVM (a one-shot command) starts: nothing remembered. The checksum file now
        // disagrees with the archive, which only hashing the archive would notice.
        ClassDataArchive.forgetVerified();
        Files.writeString(archive.checksumFile(), "0".repeat(64) + "\n");

        assertThat(archive.jvmOptions()).contains(List.of("-XX:SharedArchiveFile=" + archive.path()));
        assertThat(archive.path()).exists();
    }

    @Test
    void aStampDoesNotVouchForAnArchiveTruncatedSinceItWasVerified() throws IOException {
        ClassDataArchive archive = trained(List.of("-Xss4m"), "archive bytes".getBytes(StandardCharsets.UTF_8));
        assertThat(archive.jvmOptions()).isPresent();
        FileTime verifiedAt = Files.getLastModifiedTime(archive.path());

        ClassDataArchive.forgetVerified();
        Files.write(archive.path(), "archive".getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(archive.path(), verifiedAt); // even with its time put back

        assertThat(archive.jvmOptions()).isEmpty();
        assertThat(archive.path()).doesNotExist();
    }

    @Test
    void anArchiveWithoutChecksumIsNotUsed() throws IOException {
        ClassDataArchive archive = ClassDataArchive.forWorker(dir.resolve("cache"), jar(), List.of("-Xss2m"));
        Files.createDirectories(archive.path().getParent());
        Files.writeString(archive.path(), "half-written by someone else");

        assertThat(archive.jvmOptions()).isEmpty();
        assertThat(archive.path()).doesNotExist();
    }

    @Test
    void theTrainerRunsFromTheWorkerJarWithTheWorkerCommandAfterIt() throws IOException {
        ClassDataArchive archive = ClassDataArchive.forWorker(dir.resolve("cache"), jar(), List.of());
        List<String> worker = List.of("/jdk/bin/java", "-Xss1m", "-jar", jar().toString());

        List<String> trainer = archive.trainerCommand(worker, Path.of("/cache/vec0.so"));

        assertThat(trainer.get(0)).isEqualTo("/jdk/bin/java");
        assertThat(trainer).containsSubsequence("-cp", jar().toString(), ClassDataArchive.TRAINER,
                archive.path().toString(), "/cache/vec0.so");
        assertThat(trainer.subList(trainer.size() - worker.size(), trainer.size())).isEqualTo(worker);
    }

    @Test
    void startingATrainingKeepsOnlyTheNewestArchivesOfOtherKeys() throws IOException {
        ClassDataArchive current = ClassDataArchive.forWorker(dir.resolve("cache"), jar(), List.of("-Xmx256m"));
        Path classData = current.path().getParent();
        Files.createDirectories(classData);
        for (int i = 0; i < 5; i++) {
            Path old = classData.resolve("worker-000000000000000" + i + ".jsa");
            Files.writeString(old, "archive " + i);
            Files.writeString(old.resolveSibling(old.getFileName() + ".sha256"), "x");
            Files.setLastModifiedTime(old, FileTime.from(Instant.parse("2026-01-0" + (i + 1) + "T00:00:00Z")));
        }
        Files.writeString(classData.resolve("training.log"), "log");

        List<Path> deleted = current.pruneOthers(3);

        assertThat(deleted).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("worker-0000000000000000.jsa", "worker-0000000000000001.jsa");
        try (var files = Files.list(classData)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "worker-0000000000000002.jsa", "worker-0000000000000002.jsa.sha256",
                    "worker-0000000000000003.jsa", "worker-0000000000000003.jsa.sha256",
                    "worker-0000000000000004.jsa", "worker-0000000000000004.jsa.sha256", "training.log");
        }
    }

    @Test
    void anArchiveBeingTrainedIsNotPruned() throws IOException {
        ClassDataArchive current = ClassDataArchive.forWorker(dir.resolve("cache"), jar(), List.of("-Xmx256m"));
        Path classData = current.path().getParent();
        Files.createDirectories(classData);
        Path busy = classData.resolve("worker-0000000000000000.jsa");
        Files.writeString(busy, "half made");
        Path lockFile = classData.resolve("worker-0000000000000000.jsa.lock");
        // Another process's lock: a lock held by this JVM on another channel overlaps, which pruning treats the same.
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(lockFile,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                java.nio.channels.FileLock lock = ch.lock()) {
            assertThat(current.pruneOthers(0)).isEmpty();
        }
        assertThat(busy).exists();
        assertThat(current.pruneOthers(0)).containsExactly(busy);
        assertThat(busy).doesNotExist();
        assertThat(lockFile).doesNotExist();
    }
}
