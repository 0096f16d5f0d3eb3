package io.vecbox.nativelib;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Puts bytes that ship inside a jar (a native library, the worker jar) into a cache directory
 * so they can be loaded or executed from a real file, safely under concurrency.
 *
 * <p>The file is written to a temp name unique to the process and thread, then atomically
 * renamed into place; an existing file is reused only after its SHA-256 is checked, and
 * replaced if it was tampered with or truncated. Any number of threads and processes may
 * install the same content at the same moment and all succeed. Thread-safe.
 */
public final class CachedFile {
    private static final SecureRandom RANDOM = new SecureRandom();

    private CachedFile() {
    }

    /**
     * Installs {@code content} as {@code dir/fileName}, unless a file with exactly that content is
     * already there.
     *
     * @param content the bytes
     * @param dir the directory, created if missing; put the content hash in its name so that
     *     different contents never share a path
     * @param fileName the file's name
     * @param executable whether to mark it executable (needed for native libraries on some systems)
     * @return the installed file
     * @throws UncheckedIOException if the file cannot be written and no correct copy exists
     */
    public static Path install(byte[] content, Path dir, String fileName, boolean executable) {
        String sha256 = sha256Hex(content);
        Path target = dir.resolve(fileName);
        try {
            if (hasContent(target, content.length, sha256)) {
                return target;
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create cache directory " + dir + ": " + e, e);
        }
        // The temp name never ends in the real name's extension, so nothing loads a half-written file.
        Path tmp = dir.resolve("." + fileName + "." + ProcessHandle.current().pid() + "."
                + Thread.currentThread().getId() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
        try {
            Files.write(tmp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            if (executable) {
                makeExecutable(tmp);
            }
            try {
                // rename(2) replaces the target atomically, including a tampered one: a process that
                // already mapped the old file keeps its inode and is unaffected.
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // Lost a race (on Windows the winner's file may be open and not replaceable): fine as
            // long as what is there now is correct.
            if (!hasContentQuietly(target, content.length, sha256)) {
                throw new UncheckedIOException("cannot install " + target + ": " + e, e);
            }
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // A stray temp file is harmless; it never has the real name.
            }
        }
        return target;
    }

    /**
     * @param bytes any bytes
     * @return their SHA-256, lower-case hex
     */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static boolean hasContent(Path file, long size, String sha256) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) != size) {
            return false;
        }
        return sha256Hex(Files.readAllBytes(file)).equals(sha256);
    }

    private static boolean hasContentQuietly(Path file, long size, String sha256) {
        try {
            return hasContent(file, size, sha256);
        } catch (IOException e) {
            return false;
        }
    }

    private static void makeExecutable(Path file) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix != null) {
            posix.setPermissions(PosixFilePermissions.fromString("rwxr-xr-x"));
        } else {
            file.toFile().setReadable(true, false);
            file.toFile().setExecutable(true, false);
        }
    }
}
