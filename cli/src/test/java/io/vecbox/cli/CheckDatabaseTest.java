package io.vecbox.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckDatabaseTest {
    @TempDir
    Path dir;

    @Test
    void aMissingFileIsCreatedAnExistingOneIsNot() throws Exception {
        assertThat(ShellCommand.checkDatabase(dir.resolve("new.db"))).isTrue();
        assertThat(ShellCommand.checkDatabase(Files.createFile(dir.resolve("old.db")))).isFalse();
    }

    @Test
    void aMissingDirectoryOrADirectoryIsAUsageError() {
        Path parent = dir.resolve("missing");
        assertThatThrownBy(() -> ShellCommand.checkDatabase(parent.resolve("app.db")))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(CliException.USAGE))
                .hasMessage("directory of --db does not exist: " + parent.toAbsolutePath());
        assertThatThrownBy(() -> ShellCommand.checkDatabase(dir))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(CliException.USAGE))
                .hasMessage("not a database file: " + dir);
    }
}
