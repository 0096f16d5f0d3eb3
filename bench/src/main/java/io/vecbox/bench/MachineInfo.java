package io.vecbox.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the report says about the machine: cores, load average, JVM, OS. */
final class MachineInfo {
    private MachineInfo() {
    }

    /** @return e.g. {@code 2 cores, OpenJDK 64-Bit Server VM 17.0.15, Linux 6.1 amd64} */
    static String describe() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + " " + System.getProperty("os.arch");
    }

    /** @return the 1, 5 and 15 minute load averages from /proc/loadavg, else the JVM's 1 minute figure */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            double one = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return one < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", one);
        }
    }

    /**
     * @param loadAverage what {@link #loadAverage()} returned
     * @param cores available processors
     * @return whether the 1-minute load average is above the core count (then every number is
     *     distorted: runnable threads queue for CPU, and a side with more processes gets more of it)
     */
    static boolean overloaded(String loadAverage, int cores) {
        try {
            return Double.parseDouble(loadAverage.split(" ")[0]) > cores;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * @param pid a process
     * @return its resident set size in KiB (VmRSS), or -1 if unknown (not Linux, gone)
     */
    static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }
}
