package io.vecbox.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vecbox.supervisor.PoolSetupException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a read-only pool accepts as its database file before any worker opens it. */
class DatabaseFilesTest {
    @TempDir
    Path dir;

    @Test
    void aFileWithSqlitesHeaderOrAnEmptyFilePasses() throws Exception {
        byte[] header = new byte[100];
        byte[] magic = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, header, 0, magic.length);
        Path db = Files.write(dir.resolve("a.db"), header);
        Path empty = Files.createFile(dir.resolve("empty.db"));
        assertThatCode(() -> DatabaseFiles.checkReadable("p", db)).doesNotThrowAnyException();
        assertThatCode(() -> DatabaseFiles.checkReadable("p", empty)).doesNotThrowAnyException();
    }

    @Test
    void missingDirectoryShortOrForeignFilesFailNamingThePath() throws Exception {
        Path missing = dir.resolve("missing.db");
        assertThatThrownBy(() -> DatabaseFiles.checkReadable("p", missing)).isInstanceOf(PoolSetupException.class)
                .hasMessage("p - the database file " + missing + " does not exist; a read-only pool never creates it"
                        + " (restore or copy it first)");
        assertThatThrownBy(() -> DatabaseFiles.checkReadable("p", dir)).isInstanceOf(PoolSetupException.class)
                .hasMessageContaining("is not a regular file");
        Path shortFile = Files.writeString(dir.resolve("short.db"), "SQLite");
        assertThatThrownBy(() -> DatabaseFiles.checkReadable("p", shortFile)).isInstanceOf(PoolSetupException.class)
                .hasMessageContaining(shortFile + " is not a SQLite database (its first 6 bytes");
        Path text = Files.writeString(dir.resolve("text.db"), "PK\3\4 a zip file, or anything else at all");
        assertThatThrownBy(() -> DatabaseFiles.checkReadable("p", text)).isInstanceOf(PoolSetupException.class)
                .hasMessageContaining("not a SQLite database");
    }
}
