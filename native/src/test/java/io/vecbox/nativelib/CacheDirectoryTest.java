package io.vecbox.nativelib;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void xdgCacheHomeComesFirst() {
        Path xdg = dir.resolve("xdg").toAbsolutePath();
        assertThat(SqliteVec.cacheDirectoryCandidates(xdg.toString(), "/home/ann", "/tmp", "ann"))
                .containsExactly(xdg.resolve("vecbox"), Path.of("/tmp", "vecbox-ann"));
    }

    @Test
    void homeCacheWhenXdgUnsetOrRelative() {
        List<Path> expected = List.of(Path.of("/home/ann/.cache/vecbox"), Path.of("/tmp/vecbox-ann"));
        assertThat(SqliteVec.cacheDirectoryCandidates(null, "/home/ann", "/tmp", "ann")).isEqualTo(expected);
        assertThat(SqliteVec.cacheDirectoryCandidates("", "/home/ann", "/tmp", "ann")).isEqualTo(expected);
        assertThat(SqliteVec.cacheDirectoryCandidates("relative/cache", "/home/ann", "/tmp", "ann")).isEqualTo(expected);
    }

    @Test
    void userNameIsMadeSafeForAFileName() {
        assertThat(SqliteVec.cacheDirectoryCandidates(null, null, "/tmp", "CORP\\ann smith"))
                .containsExactly(Path.of("/tmp/vecbox-CORP_ann_smith"));
        assertThat(SqliteVec.cacheDirectoryCandidates(null, null, "/tmp", null))
                .containsExactly(Path.of("/tmp/vecbox-unknown"));
    }

    @Test
    void fallsBackWhenHomeCacheCannotBeCreated() throws IOException {
        // A regular file where a parent directory should be: createDirectories fails even for root.
        Path blocker = Files.writeString(dir.resolve("home"), "not a directory");
        Path fallback = dir.resolve("tmp/vecbox-ann");
        Path chosen = SqliteVec.firstUsableDirectory(List.of(blocker.resolve(".cache/vecbox"), fallback));
        assertThat(chosen).isEqualTo(fallback);
        assertThat(fallback).isDirectory();
    }

    @Test
    void firstUsableIsCreated() {
        Path first = dir.resolve("a/b/vecbox");
        assertThat(SqliteVec.firstUsableDirectory(List.of(first, dir.resolve("other")))).isEqualTo(first);
        assertThat(first).isDirectory();
    }
}
