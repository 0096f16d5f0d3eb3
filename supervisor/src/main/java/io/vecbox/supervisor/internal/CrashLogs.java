package io.vecbox.supervisor.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps a crash log directory to a bounded number of JVM crash logs ({@code hs_err_pid<pid>.log}),
 * the newest kept. Each is tens to hundreds of kilobytes, and a statement that crashes workers
 * over and over (until quarantine stops it) would otherwise fill the disk. Stateless and
 * thread-safe; pools that share a directory prune it together.
 */
public final class CrashLogs {
    /** How many crash logs a crash log directory keeps. */
    public static final int MAX_KEPT = 20;

    static final String GLOB = "hs_err_pid*.log";

    private CrashLogs() {
    }

    /**
     * Deletes all but the {@code keep} most recently modified crash logs in {@code directory}. Best
     * effort: a file that cannot be read or deleted (gone already, another user's) is left alone,
     * and other files in the directory are never touched.
     *
     * @param directory the crash log directory; a missing one has nothing to prune
     * @param keep how many to keep, at least 0
     * @return the files deleted, oldest last
     */
    public static List<Path> prune(Path directory, int keep) {
        if (keep < 0) {
            throw new IllegalArgumentException("keep < 0: " + keep);
        }
        List<Log> logs = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, GLOB)) {
            for (Path file : files) {
                try {
                    if (Files.isRegularFile(file)) {
                        logs.add(new Log(file, Files.getLastModifiedTime(file)));
                    }
                } catch (IOException e) {
                    // Deleted by a concurrent prune: nothing to do.
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        if (logs.size() <= keep) {
            return List.of();
        }
        // Newest first; the name breaks ties, so the same files always survive.
        logs.sort(Comparator.comparing(Log::modified).thenComparing(l -> l.file.getFileName().toString())
                .reversed());
        List<Path> deleted = new ArrayList<>();
        for (Log log : logs.subList(keep, logs.size())) {
            try {
                if (Files.deleteIfExists(log.file)) {
                    deleted.add(log.file);
                }
            } catch (IOException e) {
                // Not ours to delete (permissions) or in use: keep it.
            }
        }
        return deleted;
    }

    private record Log(Path file, FileTime modified) {
    }
}
