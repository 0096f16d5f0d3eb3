package io.vecbox.supervisor.internal;

import io.vecbox.nativelib.CachedFile;
import io.vecbox.nativelib.InstallStamp;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An application class-data archive (AppCDS) for worker JVMs: the classes a worker loads (the
 * JDK's, the protocol, msgpack, sqlite-jdbc, the worker's own) parsed, verified and laid out once, then
 * mapped by every later worker instead of being loaded from the jar again.
 *
 * <p>The archive is made on first use, in the background: when a pool starts and there is no
 * archive for its key, its workers start without one while a training process
 * ({@code io.vecbox.worker.ClassDataTrainer}, not waited for, so it finishes even after a
 * one-shot host exits) runs a worker through a representative session, dumps a static archive of
 * the classes it loaded (the JDK's and the worker's: it replaces the JDK's default archive, see
 * the trainer), checks the archive by starting one worker on it, writes its SHA-256
 * next to it ({@code .sha256}) and publishes it by atomic rename. Pools started after that pass
 * {@code -XX:SharedArchiveFile}. A start never waits for training. The trainer's stderr goes to
 * {@code <cache>/class-data/training.log}.
 *
 * <p>Files: {@code <cache>/class-data/worker-<key>.jsa} and {@code .jsa.sha256}. The key hashes
 * the Java runtime (home and VM version), the worker jar (path, size, modification time) and the
 * JVM options that shape the archive (all but {@code -D} system properties, which may hold test
 * hooks, and the crash log's place, which differs between pools), so another JDK, jar or flag set
 * gets its own archive.
 *
 * <p>A JDK 17 worker that maps a truncated or damaged archive dies of SIGBUS at start, so an
 * archive is used only if its size and SHA-256 match the recorded ones; one that does not match is
 * deleted and trained again. The hash is read once: while the file keeps its size and modification
 * time, this JVM remembers it verified, and other JVMs (each one-shot command is one) take an
 * {@link InstallStamp} of kind {@value #STAMP_KIND} as proof, the way the worker jar's install
 * does. At most one training per key runs on a machine at a time (the trainer's file
 * lock), and one JVM starts at most one per key. Thread-safe.
 *
 * <p>Every new worker jar or flag set makes a new archive (tens of MB), so before a training
 * starts the directory is pruned to the {@value #KEPT_ARCHIVES} most recently made other archives;
 * an archive whose training lock is held is never deleted. A running worker keeps its mapping of a
 * deleted archive (on Linux and macOS); the next pool with that key trains it again.
 */
final class ClassDataArchive {
    private static final String DIRECTORY = "class-data";
    /** The training's main class, in the worker jar. */
    static final String TRAINER = "io.vecbox.worker.ClassDataTrainer";
    /** The kind of the {@link InstallStamp} that records a verified archive. */
    static final String STAMP_KIND = "class-data";
    /** How many archives for other keys are kept when a new one is trained. */
    static final int KEPT_ARCHIVES = 3;

    /** Keys this JVM started a training for (or found busy): each is tried once per JVM. */
    private static final Set<Path> ATTEMPTED = ConcurrentHashMap.newKeySet();
    /** Archives verified by this JVM, by path, with the identity (size, time) they had. */
    private static final Map<Path, String> VERIFIED = new ConcurrentHashMap<>();

    private final Path cacheDirectory;
    private final Path archive;

    private ClassDataArchive(Path cacheDirectory, Path archive) {
        this.cacheDirectory = cacheDirectory;
        this.archive = archive;
    }

    /**
     * @param cacheDirectory the cache directory
     * @param workerJar the worker jar the archive is for
     * @param jvmOptions the worker's JVM options (defaults and the pool's)
     * @return the archive's place for this runtime, jar and options (it may not exist yet)
     */
    static ClassDataArchive forWorker(Path cacheDirectory, Path workerJar, List<String> jvmOptions) {
        return new ClassDataArchive(cacheDirectory, cacheDirectory.resolve(DIRECTORY)
                .resolve("worker-" + key(workerJar, jvmOptions) + ".jsa"));
    }

    /** Pure apart from reading the jar's attributes: the hex key of an archive. */
    static String key(Path workerJar, List<String> jvmOptions) {
        StringBuilder sb = new StringBuilder();
        sb.append(System.getProperty("java.home")).append('\n').append(System.getProperty("java.vm.version"))
                .append('\n').append(InstallStamp.fileIdentity(workerJar).orElse(workerJar.toString())).append('\n');
        for (String option : shapingOptions(jvmOptions)) {
            sb.append(option).append('\n');
        }
        return CachedFile.sha256Hex(sb.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    /** The options that shape an archive and that training runs with: all but system properties. */
    static List<String> shapingOptions(List<String> jvmOptions) {
        return jvmOptions.stream().filter(o -> !o.startsWith("-D") && !o.startsWith("-XX:ErrorFile=")).toList();
    }

    Path path() {
        return archive;
    }

    /** Test seam: forgets what this JVM verified, as a new JVM would start. */
    static void forgetVerified() {
        VERIFIED.clear();
    }

    Path checksumFile() {
        return archive.resolveSibling(archive.getFileName() + ".sha256");
    }

    /**
     * @return the JVM options that make a worker map the archive, if it exists and is intact;
     *     empty otherwise (a damaged archive is deleted, so that it is trained again)
     */
    Optional<List<String>> jvmOptions() {
        return verified() ? Optional.of(List.of("-XX:SharedArchiveFile=" + archive)) : Optional.empty();
    }

    /**
     * Whether the archive exists and matches its recorded SHA-256: hashed unless this JVM or a
     * stamp already vouches for the file as it is (same path, size and modification time).
     */
    boolean verified() {
        Optional<String> identity = InstallStamp.fileIdentity(archive);
        if (identity.isEmpty()) {
            return false;
        }
        if (identity.get().equals(VERIFIED.get(archive))) {
            return true;
        }
        if (InstallStamp.verified(cacheDirectory, STAMP_KIND, identity.get()).isPresent()) {
            VERIFIED.put(archive, identity.get());
            return true;
        }
        try {
            String recorded = Files.readString(checksumFile(), StandardCharsets.US_ASCII).trim();
            if (recorded.equals(CachedFile.sha256Hex(Files.readAllBytes(archive)))) {
                VERIFIED.put(archive, identity.get());
                InstallStamp.record(cacheDirectory, STAMP_KIND, identity.get(), archive, recorded);
                return true;
            }
            Logs.CLASS_DATA.warn("class-data archive {} does not match its recorded SHA-256 (truncated or damaged): deleted, "
                    + "workers start without it until it is made again", archive);
        } catch (IOException e) {
            // No checksum: a training that did not finish, or a file not made by vecbox.
            Logs.CLASS_DATA.warn("class-data archive {} has no readable checksum ({}): deleted, workers start without it "
                    + "until it is made again", archive, e.toString());
        }
        try {
            Files.deleteIfExists(archive);
            Files.deleteIfExists(checksumFile());
        } catch (IOException e) {
            // Unusable either way; the next training replaces it.
        }
        return false;
    }

    /**
     * Starts a training process ({@code io.vecbox.worker.ClassDataTrainer} from the worker jar)
     * unless this JVM tried this key already. Neither waits for it nor stops it: it finishes on its
     * own even if this JVM exits first, and a second one for the same archive exits at once.
     *
     * @param command the worker command, from the java executable to {@code -jar <jar>}, without
     *     command prefix and system properties
     * @param sqliteVec the extension the training loads
     */
    void trainInBackground(List<String> command, Path sqliteVec) {
        if (!ATTEMPTED.add(archive)) {
            return;
        }
        try {
            Files.createDirectories(archive.getParent());
            pruneOthers(KEPT_ARCHIVES);
            ProcessBuilder pb = new ProcessBuilder(trainerCommand(command, sqliteVec))
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.appendTo(archive.resolveSibling("training.log").toFile()));
            pb.environment().clear();
            pb.start();
            Logs.CLASS_DATA.trace("class-data archive {}: training started", archive);
        } catch (IOException | RuntimeException e) {
            Logs.CLASS_DATA.info("class-data archive {} not made: cannot start the training: {}", archive, e.toString());
        }
    }

    /**
     * Deletes the archives of other keys (with their checksum and lock files) but the {@code kept}
     * most recently modified ones. An archive whose training lock another process holds is left
     * alone. Best effort: what cannot be deleted stays. Package-private for tests.
     *
     * @return the archives deleted
     */
    List<Path> pruneOthers(int kept) {
        List<Path> others = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(archive.getParent(), "worker-*.jsa")) {
            for (Path p : dir) {
                if (!p.equals(archive) && Files.isRegularFile(p)) {
                    others.add(p);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        others.sort(Comparator.comparing(ClassDataArchive::modified).reversed());
        List<Path> deleted = new ArrayList<>();
        for (Path old : others.subList(Math.min(kept, others.size()), others.size())) {
            Path lockFile = old.resolveSibling(old.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.tryLock()) {
                if (lock == null) {
                    continue; // a trainer is making it right now
                }
                Files.deleteIfExists(old);
                Files.deleteIfExists(old.resolveSibling(old.getFileName() + ".sha256"));
                Files.deleteIfExists(lockFile);
                deleted.add(old);
            } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
                // In use or not ours to delete: kept.
            }
        }
        if (!deleted.isEmpty()) {
            Logs.CLASS_DATA.trace("class-data archives pruned: {}", deleted);
        }
        return deleted;
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** Pure: the trainer's command line. Package-private for tests. */
    List<String> trainerCommand(List<String> command, Path sqliteVec) {
        String jar = command.get(command.size() - 1);
        List<String> cmd = new ArrayList<>();
        cmd.add(command.get(0));
        cmd.addAll(List.of("-Xlog:disable", "-Xlog:all=warning:stderr", "-Xmx64m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", jar, TRAINER, archive.toString(), sqliteVec.toString()));
        cmd.addAll(command);
        return cmd;
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
