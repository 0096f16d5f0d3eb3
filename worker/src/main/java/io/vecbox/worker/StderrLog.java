package io.vecbox.worker;

import java.io.PrintStream;
import java.time.Instant;

/**
 * The worker's log: plain lines on stderr, which the supervisor pumps into its own log and keeps
 * in a ring buffer for crash reports. The worker is a process of its own, not a library, so it
 * writes directly instead of pulling a logging framework into every start-up.
 */
final class StderrLog {
    private static volatile String name = "worker";
    private static final PrintStream ERR = System.err;

    private StderrLog() {
    }

    static void name(String workerName) {
        name = workerName;
    }

    static void info(String message) {
        line("INFO", message);
    }

    static void warn(String message) {
        line("WARN", message);
    }

    static void error(String message, Throwable t) {
        line("ERROR", message + ": " + t);
    }

    private static void line(String level, String message) {
        ERR.println(Instant.now() + " " + level + " " + name + " - " + message);
        ERR.flush();
    }
}
