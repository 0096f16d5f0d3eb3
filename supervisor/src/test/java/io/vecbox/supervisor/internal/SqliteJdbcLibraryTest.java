package io.vecbox.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vecbox.nativelib.Libc;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqliteJdbcLibraryTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} / {1} / musl={2} -> {3}")
    @CsvSource({
        "Linux, amd64, false, org/sqlite/native/Linux/x86_64/libsqlitejdbc.so",
        "Linux, aarch64, false, org/sqlite/native/Linux/aarch64/libsqlitejdbc.so",
        "Linux, amd64, true, org/sqlite/native/Linux-Musl/x86_64/libsqlitejdbc.so",
        "Linux, arm64, true, org/sqlite/native/Linux-Musl/aarch64/libsqlitejdbc.so",
        "Mac OS X, x86_64, false, org/sqlite/native/Mac/x86_64/libsqlitejdbc.dylib",
        "Mac OS X, aarch64, false, org/sqlite/native/Mac/aarch64/libsqlitejdbc.dylib",
        "Windows 11, amd64, false, org/sqlite/native/Windows/x86_64/sqlitejdbc.dll",
        "Windows Server 2022, aarch64, false, org/sqlite/native/Windows/aarch64/sqlitejdbc.dll",
    })
    void namesTheFolderAsSqliteJdbcDoes(String osName, String osArch, boolean musl, String expected)
            throws IOException {
        assertThat(SqliteJdbcLibrary.resourcePath(osName, osArch, () -> musl)).contains(expected);
        try (ZipFile jar = new ZipFile(shippedWorkerJar().toFile())) {
            assertThat(jar.getEntry(expected)).as("%s in the worker jar", expected).isNotNull();
        }
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({"FreeBSD, amd64", "Linux, riscv64", "Linux, x86", "SunOS, sparc", "'', amd64"})
    void otherPlatformsAreLeftToSqliteJdbc(String osName, String osArch) {
        assertThat(SqliteJdbcLibrary.resourcePath(osName, osArch, () -> false)).isEmpty();
    }

    @Test
    void libcIsProbedOnLinuxOnly() {
        assertThat(SqliteJdbcLibrary.resourcePath("Mac OS X", "aarch64", () -> {
            throw new AssertionError("libc probed off Linux");
        })).isPresent();
    }

    @Test
    void unpacksTheJarsLibraryOnceIntoAContentAddressedDirectory() throws IOException {
        Path jar = shippedWorkerJar();
        Optional<Path> library = SqliteJdbcLibrary.install(jar, dir.resolve("cache"));
        Optional<String> entry = SqliteJdbcLibrary.resourcePath(System.getProperty("os.name"),
                System.getProperty("os.arch"), Libc::isMusl);
        assertThat(library.isPresent()).isEqualTo(entry.isPresent());
        if (library.isEmpty()) {
            return;
        }
        Path lib = library.get();
        assertThat(lib.getParent().getParent()).isEqualTo(dir.resolve("cache").toAbsolutePath());
        assertThat(lib.getParent().getFileName().toString())
                .matches("sqlite-jdbc-[0-9.]+-(Linux|Linux-Musl|Mac|Windows)-(x86_64|aarch64)-[0-9a-f]{16}");
        try (ZipFile zip = new ZipFile(jar.toFile()); InputStream in = zip.getInputStream(zip.getEntry(entry.get()))) {
            assertThat(Files.readAllBytes(lib)).isEqualTo(in.readAllBytes());
        }
        assertThat(SqliteJdbcLibrary.install(jar, dir.resolve("cache"))).contains(lib);
        assertThat(SqliteJdbcLibrary.jvmOptions(lib)).containsExactly("-Dorg.sqlite.lib.path=" + lib.getParent(),
                "-Dorg.sqlite.lib.name=" + lib.getFileName());
    }

    @Test
    void aJarWithoutTheLibraryUnpacksNothing() throws IOException {
        Path empty = dir.resolve("empty.jar");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(empty))) {
            out.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            out.closeEntry();
        }
        assertThat(SqliteJdbcLibrary.install(empty, dir.resolve("other-cache"))).isEmpty();
    }

    private Path shippedWorkerJar() {
        return WorkerJar.install(dir.resolve("jar-cache"));
    }
}
