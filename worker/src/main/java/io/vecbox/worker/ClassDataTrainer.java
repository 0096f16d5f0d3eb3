package io.vecbox.worker;

import io.vecbox.protocol.Configure;
import io.vecbox.protocol.ErrorReply;
import io.vecbox.protocol.Execute;
import io.vecbox.protocol.Hello;
import io.vecbox.protocol.Message;
import io.vecbox.protocol.MessageReader;
import io.vecbox.protocol.MessageWriter;
import io.vecbox.protocol.Protocol;
import io.vecbox.protocol.Query;
import io.vecbox.protocol.Ready;
import io.vecbox.protocol.Role;
import io.vecbox.protocol.StartMarker;
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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Makes a class-data archive (AppCDS) for worker JVMs, in a process of its own that the
 * supervisor starts and does not wait for, so the archive is finished even when the host was a
 * one-shot command that exited at once.
 *
 * <p>Arguments: the archive to make, the sqlite-vec extension, then the worker command (java
 * executable first, {@code -jar <worker jar>} last). It takes a lock next to the archive (one
 * training per archive at a time; a second trainer exits), runs a worker with
 * {@code -XX:DumpLoadedClassList} through a representative session (hello, a writer connection
 * to a scratch database configured with an untrusted reader's guards as well, a vec0 table, an
 * insert, a KNN query, a bounded function, end of stdin), dumps a static archive of exactly the
 * classes it loaded ({@code -Xshare:dump} with the worker's options and jar), starts one worker
 * on the new archive with {@code -Xshare:on} to check it, writes its SHA-256 next to it
 * ({@code <archive>.sha256}) and publishes both by atomic rename, checksum first. Exit code 0 if
 * it made the archive.
 *
 * <p>Why static: a worker maps it instead of the JDK's default archive plus a dynamic one on top
 * ({@code -XX:ArchiveClassesAtExit}, as before). The JDK's archive holds about 1,300 classes of
 * which a worker uses only part, and JDK 17 maps archives at a random address
 * ({@code ArchiveRelocationMode=1}) and relocates them, which makes every page of them resident:
 * the one archive of the worker's own classes measured 1.5 MB less idle RSS per worker (writer
 * 43.4 to 41.9 MB, reader 46.5 to 45.0 MB), with the same start time.
 */
public final class ClassDataTrainer {
    private static final long TIMEOUT_SECONDS = 300;

    private ClassDataTrainer() {
    }

    /**
     * @param args archive, sqlite-vec, worker command...
     */
    public static void main(String[] args) {
        int status;
        try {
            status = train(Path.of(args[0]), Path.of(args[1]), List.of(Arrays.copyOfRange(args, 2, args.length)))
                    ? 0 : 1;
        } catch (IOException | RuntimeException e) {
            System.err.println("class-data training failed: " + e);
            status = 1;
        } catch (InterruptedException e) {
            status = 1;
        }
        System.exit(status);
    }

    /** @return whether the archive was made; false if another trainer holds the lock */
    static boolean train(Path archive, Path sqliteVec, List<String> command) throws IOException, InterruptedException {
        Path dir = archive.getParent();
        Files.createDirectories(dir);
        Path checksum = archive.resolveSibling(archive.getFileName() + ".sha256");
        try (FileChannel lockChannel = FileChannel.open(dir.resolve(archive.getFileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockChannel.tryLock()) {
            if (lock == null || (Files.isRegularFile(archive) && Files.isRegularFile(checksum))) {
                return false; // another trainer is at it, or just finished
            }
            deleteLeftovers(dir, archive.getFileName().toString());
            String suffix = "." + ProcessHandle.current().pid() + ".tmp";
            Path tmp = dir.resolve("." + archive.getFileName() + suffix);
            Path checksumTmp = dir.resolve("." + checksum.getFileName() + suffix);
            Path classList = dir.resolve("." + archive.getFileName() + ".classlist" + suffix);
            Path scratch = Files.createTempDirectory(dir, ".training-" + archive.getFileName() + "-");
            try {
                if (!runWorker(withOption(command, "-XX:DumpLoadedClassList=" + classList), scratch, sqliteVec, true)
                        || !Files.isRegularFile(classList)) {
                    throw new IOException("the training worker did not finish normally");
                }
                if (!dump(dumpCommand(command, classList, tmp)) || !Files.isRegularFile(tmp)) {
                    throw new IOException("the class-data dump did not finish normally");
                }
                // A damaged archive crashes the JVM that maps it, and one the JVM cannot use is ignored
                // (with the JDK's own archive, which a static one replaces): -Xshare:on makes either fail
                // this check before any worker depends on the archive.
                if (!runWorker(withOption(withOption(command, "-XX:SharedArchiveFile=" + tmp), "-Xshare:on"), scratch,
                        sqliteVec, false)) {
                    throw new IOException("a worker could not start on the new archive");
                }
                Files.writeString(checksumTmp, sha256Hex(Files.readAllBytes(tmp)) + "\n", StandardCharsets.US_ASCII);
                // The checksum first: an archive without one is taken for an unfinished one and deleted.
                move(checksumTmp, checksum);
                move(tmp, archive);
                return true;
            } finally {
                Files.deleteIfExists(tmp);
                Files.deleteIfExists(checksumTmp);
                Files.deleteIfExists(classList);
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
     * Pure: the command that dumps a static archive of the listed classes (the JDK's and the
     * worker's) with the worker's own options and class path. Package-private for tests.
     */
    static List<String> dumpCommand(List<String> command, Path classList, Path archive) {
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(1, List.of("-Xshare:dump", "-XX:SharedClassListFile=" + classList,
                "-XX:SharedArchiveFile=" + archive));
        return cmd;
    }

    /** @return whether the dump exited with 0 (it prints statistics on stdout: discarded) */
    private static boolean dump(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return false;
        }
        return p.exitValue() == 0;
    }

    /** @return whether the worker answered as expected and exited with 0 */
    private static boolean runWorker(List<String> command, Path scratch, Path sqliteVec, boolean session)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        Process p = pb.start();
        boolean answered;
        try (InputStream stdout = new BufferedInputStream(p.getInputStream());
             BufferedOutputStream stdin = new BufferedOutputStream(p.getOutputStream())) {
            MessageReader in = new MessageReader(stdout, Protocol.DEFAULT_MAX_FRAME_BYTES);
            MessageWriter out = new MessageWriter(stdin, Protocol.DEFAULT_MAX_FRAME_BYTES);
            answered = StartMarker.skip(stdout, StartMarker.MAX_TEXT_BYTES, line -> { }) == StartMarker.Outcome.MARKER
                    && in.read() instanceof Hello && (!session || session(in, out, scratch, sqliteVec));
        } catch (IOException e) {
            answered = false;
        }
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return false;
        }
        return answered && p.exitValue() == 0;
    }

    private static boolean session(MessageReader in, MessageWriter out, Path scratch, Path sqliteVec)
            throws IOException {
        // A writer that also carries what only an untrusted reader's configuration sets up (a memory
        // guard, denied and bounded functions, SQLite limits, the sandbox's pragmas): one process
        // dumps the archive, and this way the classes of both roles' start-up are in it.
        Map<String, String> pragmas = new LinkedHashMap<>();
        pragmas.put("trusted_schema", "ON");
        pragmas.put("cell_size_check", "ON");
        pragmas.put("mmap_size", "0");
        pragmas.put("cache_size", "-2000");
        pragmas.put("temp_store", "MEMORY");
        out.write(new Configure("class-data-training", Role.WRITER, scratch.resolve("training.db").toString(),
                sqliteVec.toString(), pragmas, 5000, 1000, 1 << 20, 16, Map.of("LENGTH", 1_000_000L), true,
                Protocol.DEFAULT_MAX_FRAME_BYTES, List.of("vecbox_training_denied"), 256L << 20,
                List.of("replicate")));
        if (!(in.read() instanceof Ready)) {
            return false;
        }
        byte[] vector = new byte[16];
        List<Message> requests = List.of(
                new Execute(1, "create virtual table t using vec0(embedding float[4])", List.of(), 0),
                new Execute(2, "insert into t(rowid, embedding) values (?, ?)", List.of(1L, vector), 0),
                new Query(3, "select rowid, distance from t where embedding match ? and k = 1", List.of(vector), 0, 0,
                        0),
                new Query(4, "select 1, 'text', 0.5, x'00', null", List.of(), 0, 0, 0),
                new Query(5, "select replicate('ab', 2)", List.of(), 0, 0, 0));
        for (Message request : requests) {
            out.write(request);
            Message answer = in.read();
            if (answer == null || answer instanceof ErrorReply) {
                return false;
            }
        }
        return true;
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Deletes what a trainer of the same archive that was killed left behind (its temporary
     * archive and scratch directory). Only with the lock held: then no other trainer of it runs.
     */
    private static void deleteLeftovers(Path dir, String archiveName) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith("." + archiveName + ".") && name.endsWith(".tmp")) {
                    Files.deleteIfExists(f);
                } else if (name.startsWith(".training-" + archiveName + "-")) {
                    deleteTree(f);
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // A leftover scratch directory is harmless: its name starts with a dot.
        }
    }
}
