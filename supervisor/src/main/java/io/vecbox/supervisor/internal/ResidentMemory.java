package io.vecbox.supervisor.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A worker's private resident memory, for {@code maxWorkerRss}: {@code RssAnon} from
 * {@code /proc/<pid>/status} (Linux 4.5 and later; {@code VmRSS} before), in bytes. {@code RssAnon}
 * is the anonymous memory the process has in RAM: its Java heap, SQLite's page cache and
 * whatever native code allocated, which is where a leak grows. It leaves out file-backed pages,
 * above all a reader's memory-mapped database ({@code mmapSize}), which belong to the kernel's page
 * cache and are shared by every reader: counting them would recycle readers of a large database
 * for nothing. Platforms without {@code /proc} have no reading ({@link #supported()} is false).
 */
final class ResidentMemory {
    private ResidentMemory() {
    }

    /** @return whether this platform can tell a process's resident memory ({@code /proc/self/status} readable) */
    static boolean supported() {
        return Files.isReadable(Path.of("/proc/self/status"));
    }

    /**
     * @param pid a process id
     * @return its private resident memory in bytes, or -1 if it cannot be read (gone, no /proc)
     */
    static long privateBytes(long pid) {
        try {
            return parse(Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.ISO_8859_1));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * @param status the lines of a {@code /proc/<pid>/status} file
     * @return {@code RssAnon} in bytes, else {@code VmRSS}, else -1
     */
    static long parse(List<String> status) {
        long vmRss = -1;
        for (String line : status) {
            if (line.startsWith("RssAnon:")) {
                return kilobytes(line);
            }
            if (line.startsWith("VmRSS:")) {
                vmRss = kilobytes(line);
            }
        }
        return vmRss;
    }

    /** @return the bytes of a line like {@code RssAnon:\t   12345 kB} */
    private static long kilobytes(String line) {
        String[] parts = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
        return Long.parseLong(parts[0]) * 1024;
    }
}
