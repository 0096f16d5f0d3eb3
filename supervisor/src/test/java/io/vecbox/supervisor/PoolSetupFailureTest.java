package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vecbox.nativelib.UnsupportedPlatformException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way {@code build()} can fail before a worker starts is a {@link WorkerPoolException}
 * (a {@link PoolSetupException}) whose message says what could not be prepared, as the README
 * promises; none of these start a worker.
 */
class PoolSetupFailureTest {
    @TempDir
    Path dir;

    private Path file;

    @BeforeEach
    void aRegularFile() throws IOException {
        file = Files.writeString(dir.resolve("file"), "not a directory");
    }

    private WorkerPool.Builder builder() {
        return WorkerPool.builder().name("setup").database(dir.resolve("db").resolve("setup.db")).readers(1)
                .cacheDirectory(dir.resolve("cache")).crashLogDirectory(dir.resolve("crash-logs"));
    }

    private static PoolSetupException buildFails(WorkerPool.Builder builder) {
        WorkerPoolException e = catchThrowableOfType(WorkerPoolException.class, builder::build);
        assertThat(e).isInstanceOf(PoolSetupException.class).isInstanceOf(WorkerStartException.class);
        PoolSetupException setup = (PoolSetupException) e;
        assertThat(setup.command()).as("no worker was started").isEmpty();
        assertThat(setup.exitCode()).isEmpty();
        return setup;
    }

    @Test
    void cacheDirectoryUnderARegularFileIsAPoolSetupException() {
        Path cache = file.resolve("cache");
        PoolSetupException e = buildFails(builder().cacheDirectory(cache));
        assertThat(e).hasMessage("setup - cannot create the cache directory " + cache + ": " + cache
                + ": Not a directory");
        assertThat(e.getCause()).isInstanceOf(FileSystemException.class);
        assertThat(dir.resolve("db")).as("nothing prepared after the failure").doesNotExist();
    }

    @Test
    void crashLogDirectoryThatIsARegularFileIsAPoolSetupException() {
        PoolSetupException e = buildFails(builder().crashLogDirectory(file));
        assertThat(e).hasMessage("setup - cannot create the crash log directory " + file + ": " + file
                + " exists and is not a directory");
    }

    @Test
    void databaseDirectoryUnderARegularFileIsAPoolSetupException() {
        PoolSetupException e = buildFails(builder().database(file.resolve("setup.db")));
        assertThat(e).hasMessageStartingWith("setup - cannot create the database's directory " + file + ": ");
    }

    @Test
    void unsupportedPlatformIsAPoolSetupExceptionThatNamesTheOverride() {
        String arch = System.getProperty("os.arch");
        System.setProperty("os.arch", "sparc");
        try {
            PoolSetupException e = buildFails(builder());
            assertThat(e).hasMessageStartingWith("setup - cannot prepare sqlite-vec: unsupported platform os.name=")
                    .hasMessageContaining("os.arch=sparc")
                    .hasMessageContaining("-Dvecbox.sqliteVec=")
                    .hasMessageContaining("VECBOX_SQLITE_VEC");
            assertThat(e.getCause()).isInstanceOf(UnsupportedPlatformException.class);
        } finally {
            System.setProperty("os.arch", arch);
        }
    }

    @Test
    void sqliteVecOverrideThatIsMissingIsAPoolSetupException() {
        Path missing = dir.resolve("no-such-vec0.so");
        System.setProperty("vecbox.sqliteVec", missing.toString());
        try {
            PoolSetupException e = buildFails(builder());
            assertThat(e).hasMessage("setup - cannot prepare sqlite-vec: system property vecbox.sqliteVec names a "
                    + "sqlite-vec binary that does not exist or is not a file: " + missing);
        } finally {
            System.clearProperty("vecbox.sqliteVec");
        }
    }
}
