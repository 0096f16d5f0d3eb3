package io.vecbox.nativelib;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallStampTest {
    private static final long HOUR = 3_600_000L;

    @TempDir
    Path dir;

    private Path installed(String content, long mtimeMillis) throws IOException {
        Path file = dir.resolve("lib").resolve("file.so");
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.fromMillis(mtimeMillis));
        return file;
    }

    @Test
    void aStampedFileIsVerifiedWhileItsSizeAndTimeHold() throws IOException {
        long now = 1_700_000_000_000L;
        Path file = installed("library bytes", now - HOUR);

        assertThat(InstallStamp.record(dir, "lib", "source v1", file, "abc", now)).isTrue();

        assertThat(InstallStamp.verified(dir, "lib", "source v1")).contains(file);
    }

    @Test
    void aFileVerifiedWithinTheRacyWindowIsNotStamped() throws IOException {
        long now = 1_700_000_000_000L;
        Path file = installed("library bytes", now - InstallStamp.RACY_MILLIS + 1);

        assertThat(InstallStamp.record(dir, "lib", "source v1", file, "abc", now)).isFalse();

        assertThat(InstallStamp.verified(dir, "lib", "source v1")).isEmpty();
    }

    @Test
    void anotherSourceIdentityIsNotVouchedFor() throws IOException {
        long now = 1_700_000_000_000L;
        Path file = installed("library bytes", now - HOUR);
        InstallStamp.record(dir, "lib", "source v1", file, "abc", now);

        assertThat(InstallStamp.verified(dir, "lib", "source v2")).isEmpty();
        assertThat(InstallStamp.verified(dir, "other", "source v1")).isEmpty();
    }

    @Test
    void aRewrittenFileIsNotVouchedFor() throws IOException {
        long now = 1_700_000_000_000L;
        Path file = installed("library bytes", now - HOUR);
        InstallStamp.record(dir, "lib", "source v1", file, "abc", now);

        // Same size, other bytes: the write moves the modification time.
        Files.writeString(file, "LIBRARY BYTES");
        assertThat(InstallStamp.verified(dir, "lib", "source v1")).isEmpty();

        // Truncated, with the old time put back: the size gives it away.
        Files.writeString(file, "lib");
        Files.setLastModifiedTime(file, FileTime.fromMillis(now - HOUR));
        assertThat(InstallStamp.verified(dir, "lib", "source v1")).isEmpty();
    }

    @Test
    void aDeletedFileOrAGarbledStampIsNotVouchedFor() throws IOException {
        long now = 1_700_000_000_000L;
        Path file = installed("library bytes", now - HOUR);
        InstallStamp.record(dir, "lib", "source v1", file, "abc", now);
        Path stamp = InstallStamp.stampFile(dir, "lib", "source v1");
        assertThat(stamp).isRegularFile();

        Files.writeString(stamp, "identity=source v1\nfile=relative/path\nsize=13\n");
        assertThat(InstallStamp.verified(dir, "lib", "source v1")).isEmpty();

        InstallStamp.record(dir, "lib", "source v1", file, "abc", now);
        Files.delete(file);
        assertThat(InstallStamp.verified(dir, "lib", "source v1")).isEmpty();
    }

    @Test
    void aResourceInAJarIsIdentifiedByItsEntryAndChangesWithItsContent() throws IOException {
        Path jar1 = jar("one.jar", "content one");
        Path jar2 = jar("two.jar", "content two");
        try (URLClassLoader l1 = new URLClassLoader(new URL[] {jar1.toUri().toURL()}, null);
             URLClassLoader l1again = new URLClassLoader(new URL[] {jar1.toUri().toURL()}, null);
             URLClassLoader l2 = new URLClassLoader(new URL[] {jar2.toUri().toURL()}, null)) {
            Optional<String> id1 = InstallStamp.resourceIdentity(l1, "x/res.bin");
            assertThat(id1).hasValueSatisfying(id -> assertThat(id).contains("crc"));
            assertThat(InstallStamp.resourceIdentity(l1again, "x/res.bin")).isEqualTo(id1);
            assertThat(InstallStamp.resourceIdentity(l2, "x/res.bin")).isPresent().isNotEqualTo(id1);
            assertThat(InstallStamp.resourceIdentity(l1, "x/missing.bin")).isEmpty();
        }
    }

    @Test
    void aResourceInADirectoryIsIdentifiedByItsFile() throws IOException {
        Path root = dir.resolve("classes");
        Path res = root.resolve("x").resolve("res.bin");
        Files.createDirectories(res.getParent());
        Files.writeString(res, "content one");
        Files.setLastModifiedTime(res, FileTime.fromMillis(1_000_000_000_000L));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
            Optional<String> before = InstallStamp.resourceIdentity(loader, "x/res.bin");
            assertThat(before).isPresent();
            Files.writeString(res, "content two");
            assertThat(InstallStamp.resourceIdentity(loader, "x/res.bin")).isPresent().isNotEqualTo(before);
        }
    }

    @Test
    void aStampedSqliteVecIsStillReplacedOnceRewritten() throws IOException {
        byte[] expected = ExtractionTest.resource(Platform.LINUX_X64);
        Path path = SqliteVec.extractTo(dir, Platform.LINUX_X64);
        Files.setLastModifiedTime(path, FileTime.fromMillis(System.currentTimeMillis() - HOUR));
        SqliteVec.extractTo(dir, Platform.LINUX_X64); // verifies by hash and stamps the copy
        assertThat(dir.resolve("stamps")).isNotEmptyDirectory();

        byte[] tampered = expected.clone();
        tampered[100] ^= 0x55;
        Files.write(path, tampered);

        assertThat(SqliteVec.extractTo(dir, Platform.LINUX_X64)).isEqualTo(path);
        assertThat(Files.readAllBytes(path)).isEqualTo(expected);
    }

    private Path jar(String name, String content) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            j.putNextEntry(new JarEntry("x/res.bin"));
            j.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            j.closeEntry();
        }
        return jar;
    }
}
