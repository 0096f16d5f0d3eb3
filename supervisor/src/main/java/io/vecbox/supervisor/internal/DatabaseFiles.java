package io.vecbox.supervisor.internal;

import io.vecbox.supervisor.PoolSetupException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The check a read-only pool makes of a database file before any worker opens it, at
 * {@code build()} and at {@code swapDatabase}: it exists, is a regular file (a symbolic link to one
 * is fine), and is empty (SQLite's empty database) or begins with SQLite's header string. A reader
 * opens any file read-only without complaint and only fails its first query, so the pool looks
 * first and names the path. Never creates or writes anything.
 */
final class DatabaseFiles {
    /** The first 16 bytes of every SQLite database file (the file format's header string). */
    private static final byte[] HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private DatabaseFiles() {
    }

    /**
     * @param pool the pool's name, for the message
     * @param file the database file, absolute
     * @throws PoolSetupException naming the path if it is missing, not a regular file, unreadable,
     *     or not a SQLite database
     */
    static void checkReadable(String pool, Path file) {
        if (!Files.exists(file)) {
            throw new PoolSetupException(pool + " - the database file " + file + " does not exist; a read-only pool"
                    + " never creates it (restore or copy it first)", null);
        }
        if (!Files.isRegularFile(file)) {
            throw new PoolSetupException(pool + " - the database " + file + " is not a regular file", null);
        }
        byte[] head = new byte[HEADER.length];
        int read;
        try (InputStream in = Files.newInputStream(file, LinkOption.values())) {
            read = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new PoolSetupException(pool + " - cannot read the database file " + file + ": "
                    + PoolSetup.describe(e), e);
        }
        if (read != 0 && !(read == HEADER.length && Arrays.equals(head, HEADER))) {
            throw new PoolSetupException(pool + " - " + file + " is not a SQLite database (its first "
                    + read + " bytes are not SQLite's header \"SQLite format 3\")", null);
        }
    }
}
