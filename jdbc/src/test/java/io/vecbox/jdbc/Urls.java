package io.vecbox.jdbc;

import java.nio.file.Path;

/** Test URLs: a database in the test's directory, short deadlines, crash logs kept there too. */
final class Urls {
    private Urls() {
    }

    /**
     * @param dir the test's temporary directory
     * @param name the database's and pool's name
     * @param extra more options, {@code &}-joined, or ""; two readers unless it sets {@code readers}
     * @return the URL
     */
    static String url(Path dir, String name, String extra) {
        return VecboxDriver.PREFIX + dir.resolve(name + ".db") + "?name=" + name
                + (extra.contains("readers=") ? "" : "&readers=2") + "&queryTimeout=10s"
                + "&killGracePeriod=500ms&crashLogDirectory=" + dir.resolve("crash-logs")
                + (extra.isEmpty() ? "" : "&" + extra);
    }
}
