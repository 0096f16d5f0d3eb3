package io.vecbox.supervisor.internal;

import io.vecbox.nativelib.CachedFile;
import io.vecbox.nativelib.InstallStamp;
import io.vecbox.protocol.Configure;
import io.vecbox.protocol.Execute;
import io.vecbox.protocol.Hello;
import io.vecbox.protocol.Message;
import io.vecbox.protocol.MessageReader;
import io.vecbox.protocol.MessageWriter;
import io.vecbox.protocol.Protocol;
import io.vecbox.protocol.Query;
import io.vecbox.protocol.Role;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application class-data archive (AppCDS) for worker JVMs: the classes a worker loads (the
 * protocol, msgpack, sqlite-jdbc, the worker's own) parsed, verified and laid out once, then
 * mapped by every later worker instead of being loaded from the jar again.
 *
 * <p>The archive is made on first use, in the background: when a pool starts and there is no
 * archive for its key, its workers start without one while a daemon thread runs a training
 * worker with {@code -XX:ArchiveClassesAtExit}: hello, a writer connection to a scratch database,
 * a vec0 table, an insert, a KNN query, end of stdin. The archive is then checked by starting one
 * worker on it, its SHA-256 is written next to it ({@code .sha256}), and it is published by
 * atomic rename. Pools started after that pass {@code -XX:SharedArchiveFile}. A start never waits
 * for training.
 *
 * <p>Files: {@code <cache>/class-data/worker-<key>.jsa} and {@code .jsa.sha256}. The key hashes
 * the Java runtime (home and VM version), the worker jar (path, size, modification time) and the
 * JVM options that shape the archive (all but {@code -D} system properties, which may hold test
 * hooks, and the crash log's place, which differs between pools), so another JDK, jar or flag set
 * gets its own archive.
 *
 * <p>A JDK 17 worker that maps a truncated or damaged archive dies of SIGBUS at start, so an
 * archive is used only if its size and SHA-256 match the recorded ones (checked once per JVM while
 * the file's size and modification time stay the same); one that does not match is deleted and
 * trained again. At most one training per key runs on a machine at a time (a file lock), and one
 * JVM tries a key at most once. Thread-safe.
 */
final class ClassDataArchive {
    private static final Logger LOG = LoggerFactory.getLogger("io.vecbox.supervisor.WorkerPool");
    private static final String DIRECTORY = "class-data";
    private static final long TRAINING_TIMEOUT_SECONDS = 120;

    /** Keys this JVM started a training for (or found busy): each is tried once per JVM. */
    private static final Set<Path> ATTEMPTED = ConcurrentHashMap.newKeySet();
    /** Archives verified by this JVM, by path, with the identity (size, time) they had. */
    private static final Map<Path, String> VERIFIED = new ConcurrentHashMap<>();

    private final Path archive;

    private ClassDataArchive(Path archive) {
        this.archive = archive;
    }

    /**
     * @param cacheDirectory the cache directory
     * @param workerJar the worker jar the archive is for
     * @param jvmOptions the worker's JVM options (defaults and the pool's)
     * @return the archive's place for this runtime, jar and options (it may not exist yet)
     */
    static ClassDataArchive forWorker(Path cacheDirectory, Path workerJar, List<String> jvmOptions) {
        return new ClassDataArchive(cacheDirectory.resolve(DIRECTORY)
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

    /** Whether the archive exists and matches its recorded SHA-256. */
    boolean verified() {
        Optional<String> identity = InstallStamp.fileIdentity(archive);
        if (identity.isEmpty()) {
            return false;
        }
        if (identity.get().equals(VERIFIED.get(archive))) {
            return true;
        }
        try {
            String recorded = Files.readString(checksumFile(), StandardCharsets.US_ASCII).trim();
            if (recorded.equals(CachedFile.sha256Hex(Files.readAllBytes(archive)))) {
                VERIFIED.put(archive, identity.get());
                return true;
            }
            LOG.warn("class-data archive {} does not match its recorded SHA-256 (truncated or damaged): deleted, "
                    + "workers start without it until it is made again", archive);
        } catch (IOException e) {
            // No checksum: a training that did not finish, or a file not made by vecbox.
            LOG.warn("class-data archive {} has no readable checksum ({}): deleted, workers start without it "
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
     * Starts a training run on a daemon thread unless this JVM tried this key already or another
     * process is training it. Never blocks on the training.
     *
     * @param command the worker command, from the java executable to {@code -jar <jar>}, without
     *     command prefix and system properties
     * @param sqliteVec the extension the training loads
     */
    void trainInBackground(List<String> command, Path sqliteVec) {
        if (!ATTEMPTED.add(archive)) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                train(command, sqliteVec);
            } catch (IOException | RuntimeException e) {
                LOG.info("class-data archive {} not made: {}", archive, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "vecbox-class-data-training");
        t.setDaemon(true);
        t.start();
    }

    /** Runs the training and publishes the archive. Package-private for tests, which await it. */
    boolean train(List<String> command, Path sqliteVec) throws IOException, InterruptedException {
        Path dir = archive.getParent();
        Files.createDirectories(dir);
        try (FileChannel lockChannel = FileChannel.open(dir.resolve(archive.getFileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockChannel.tryLock()) {
            if (lock == null || verified()) {
                return false; // another process trains it, or just did
            }
            Path scratch = Files.createTempDirectory(dir, ".training-");
            Path tmp = dir.resolve("." + archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            try {
                long begin = System.nanoTime();
                List<String> dump = withOption(command, "-XX:ArchiveClassesAtExit=" + tmp);
                if (!runWorker(dump, scratch, sqliteVec, true) || !Files.isRegularFile(tmp)) {
                    throw new IOException("the training worker did not finish normally");
                }
                // A damaged archive crashes the JVM that maps it: try one before anyone depends on it.
                if (!runWorker(withOption(command, "-XX:SharedArchiveFile=" + tmp), scratch, sqliteVec, false)) {
                    throw new IOException("a worker could not start on the new archive");
                }
                String sha = CachedFile.sha256Hex(Files.readAllBytes(tmp));
                Path checksumTmp = dir.resolve("." + checksumFile().getFileName() + "." + ProcessHandle.current().pid()
                        + ".tmp");
                Files.writeString(checksumTmp, sha + "\n", StandardCharsets.US_ASCII);
                // The checksum first: an archive without one is taken for an unfinished one and deleted.
                move(checksumTmp, checksumFile());
                move(tmp, archive);
                LOG.info("class-data archive {} made in {} ms", archive,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
                return true;
            } finally {
                Files.deleteIfExists(tmp);
                deleteTree(scratch);
            }
        }
    }

    private static List<String> withOption(List<String> command, String option) {
        List<String> cmd = new ArrayList<>(command);
        cmd.add(1, option);
        return cmd;
    }

    /**
     * Runs one worker through hello and, when {@code session}, a writer session on a scratch
     * database, then ends its stdin.
     *
     * @return whether it answered as expected and exited with 0
     */
    private static boolean runWorker(List<String> command, Path scratch, Path sqliteVec, boolean session)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        Process p = pb.start();
        boolean answered = false;
        try (InputStream stdout = new BufferedInputStream(p.getInputStream());
             BufferedOutputStream stdin = new BufferedOutputStream(p.getOutputStream())) {
            MessageReader in = new MessageReader(stdout, Protocol.DEFAULT_MAX_FRAME_BYTES);
            MessageWriter out = new MessageWriter(stdin, Protocol.DEFAULT_MAX_FRAME_BYTES);
            if (in.read() instanceof Hello) {
                answered = !session || trainingSession(in, out, scratch, sqliteVec);
            }
        } catch (IOException e) {
            answered = false;
        }
        if (!p.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return false;
        }
        return answered && p.exitValue() == 0;
    }

    private static boolean trainingSession(MessageReader in, MessageWriter out, Path scratch, Path sqliteVec)
            throws IOException {
        out.write(new Configure("class-data-training", Role.WRITER, scratch.resolve("training.db").toString(),
                sqliteVec.toString(), Map.of(), 5000, 1000, 1 << 20, 16, Map.of(), false,
                Protocol.DEFAULT_MAX_FRAME_BYTES));
        if (!(in.read() instanceof io.vecbox.protocol.Ready)) {
            return false;
        }
        byte[] vector = new byte[16];
        List<Message> requests = List.of(
                new Execute(1, "create virtual table t using vec0(embedding float[4])", List.of(), 0),
                new Execute(2, "insert into t(rowid, embedding) values (?, ?)", List.of(1L, vector), 0),
                new Query(3, "select rowid, distance from t where embedding match ? and k = 1", List.of(vector), 0, 0, 0),
                new Query(4, "select 1, 'text', 0.5, x'00', null", List.of(), 0, 0, 0));
        for (Message request : requests) {
            out.write(request);
            Message answer = in.read();
            if (answer == null || answer instanceof io.vecbox.protocol.ErrorReply) {
                return false;
            }
        }
        return true;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // A leftover scratch directory is harmless: it is named with a dot and a random suffix.
        }
    }
}
