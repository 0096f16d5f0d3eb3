package io.vecbox.jdbc;

import java.nio.file.Path;

/** Test helpers for the client integration tests: a small data source on a fresh database. */
final class ClientFixtures {
    static final int DIMENSIONS = 8;

    private ClientFixtures() {
    }

    /** @return a data source over {@code dir/name.db} with one reader and short timeouts */
    static VecboxDataSource dataSource(Path dir, String name) {
        return new VecboxDataSource("jdbc:vecbox:" + dir.resolve(name + ".db")
                + "?readers=1&queryTimeout=20s&acquireTimeout=20s&name=" + name
                + "&crashLogDirectory=" + dir.resolve("crash-logs"));
    }
}
