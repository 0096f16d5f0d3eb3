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
        Instant now = Instant.now();
        ERR.println(timestamp(now.getEpochSecond(), now.getNano()) + " " + level + " " + name + " - " + message);
        ERR.flush();
    }

    /**
     * Pure: what {@link Instant#toString()} gives for the instant (ISO-8601 in UTC, the fraction in
     * groups of three digits, none if zero), without {@code java.time.format}: its formatter's set-up
     * loads about 60 classes, which every worker start paid for its first log line.
     */
    static String timestamp(long epochSecond, int nano) {
        long days = Math.floorDiv(epochSecond, 86_400L);
        int secondOfDay = (int) Math.floorMod(epochSecond, 86_400L);
        // Days since 1970-01-01 to the proleptic Gregorian date (H. Hinnant's civil_from_days).
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097L);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        long day = dayOfYear - (153 * mp + 2) / 5 + 1;
        long month = mp < 10 ? mp + 3 : mp - 9;
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            return Instant.ofEpochSecond(epochSecond, nano).toString();
        }
        StringBuilder sb = new StringBuilder(30);
        pad(sb, year, 4).append('-');
        pad(sb, month, 2).append('-');
        pad(sb, day, 2).append('T');
        pad(sb, secondOfDay / 3600, 2).append(':');
        pad(sb, secondOfDay / 60 % 60, 2).append(':');
        pad(sb, secondOfDay % 60, 2);
        if (nano != 0) {
            sb.append('.');
            if (nano % 1_000_000 == 0) {
                pad(sb, nano / 1_000_000, 3);
            } else if (nano % 1000 == 0) {
                pad(sb, nano / 1000, 6);
            } else {
                pad(sb, nano, 9);
            }
        }
        return sb.append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder sb, long value, int digits) {
        String s = Long.toString(value);
        for (int i = s.length(); i < digits; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}
