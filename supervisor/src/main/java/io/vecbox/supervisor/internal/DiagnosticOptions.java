package io.vecbox.supervisor.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * JVM diagnostic options in a pool's {@code jvmOptions}: those that would make the JVM print on a
 * worker's stdout, which carries the protocol, and a flight recording's file, which every worker
 * of the pool would share. Pure and thread-safe.
 *
 * <p>What a JVM prints there before the worker's {@code main} runs ({@code -XX:StartFlightRecording}'s
 * "Started recording", {@code --show-version}) is harmless: the supervisor skips it up to the
 * protocol's start marker. Unified logging is not: a {@code -Xlog} selection without an output (or
 * with {@code stdout}, {@code #0}), and the old options that stand for one ({@code -verbose:gc},
 * {@code -XX:+PrintGCDetails} …), go on printing while frames flow. {@link #toStderr} runs them
 * with {@code stderr} as their output instead (the same selection, level and decorators), so they
 * reach the pool's log like any other stderr line. The JVM's other output ({@code -XX:+PrintCompilation},
 * {@code -XX:+PrintFlagsFinal}, thread dumps) already goes to stderr, because workers run with
 * {@code -XX:+DisplayVMOutputToStderr}; {@link #checked} refuses the options that would undo that.
 *
 * <p>Workers of a pool share one command line, and JDK 17 does not expand {@code %p} in
 * {@code -XX:StartFlightRecording}'s {@code filename}: one recording per worker needs a directory
 * that exists, in which the JVM names each file after its pid ({@link #sharedRecordingFile}).
 */
public final class DiagnosticOptions {
    /** The old options that stand for a unified-logging selection on stdout, and that selection on stderr. */
    private static final Map<String, String> ALIASES = Map.of(
            "-verbose:gc", "-Xlog:gc:stderr",
            "-verbose", "-Xlog:class+load=info,class+unload=info:stderr",
            "-verbose:class", "-Xlog:class+load=info,class+unload=info:stderr",
            "-verbose:module", "-Xlog:module+load=info,module+unload=info:stderr",
            "-verbose:jni", "-Xlog:jni+resolve=debug:stderr",
            "-XX:+PrintGC", "-Xlog:gc:stderr",
            "-XX:+PrintGCDetails", "-Xlog:gc*:stderr",
            "-Xlog", "-Xlog:all=info:stderr");

    /** Options refused outright: they send all of the JVM's own output to stdout. */
    private static final List<String> REFUSED = List.of("-XX:+DisplayVMOutputToStdout", "-XX:-DisplayVMOutputToStderr");

    private DiagnosticOptions() {
    }

    /**
     * @param jvmOptions the pool's {@code jvmOptions}
     * @return them, unchanged
     * @throws IllegalArgumentException naming an option that would send the JVM's own output to stdout
     */
    public static List<String> checked(List<String> jvmOptions) {
        for (String option : jvmOptions) {
            if (REFUSED.contains(option)) {
                throw new IllegalArgumentException("jvmOptions: " + option + " would send the JVM's own output to "
                        + "the worker's stdout, which carries the protocol; leave it out (workers run with "
                        + "-XX:+DisplayVMOutputToStderr, so that output is in the pool's log)");
            }
        }
        return jvmOptions;
    }

    /**
     * @param jvmOptions the pool's {@code jvmOptions}
     * @return them with each option that logs to stdout replaced by the same logging to stderr
     */
    static List<String> toStderr(List<String> jvmOptions) {
        List<String> out = new ArrayList<>(jvmOptions.size());
        for (String option : jvmOptions) {
            out.add(toStderr(option));
        }
        return List.copyOf(out);
    }

    /**
     * @param option one JVM option
     * @return the option with stderr as its output if it logs to stdout, else the option itself
     */
    static String toStderr(String option) {
        String alias = ALIASES.get(option);
        if (alias != null) {
            return alias;
        }
        if (!option.startsWith("-Xlog:")) {
            return option;
        }
        // -Xlog:[what][:[output][:[decorators][:output-options]]]
        String spec = option.substring("-Xlog:".length());
        if (spec.equals("help") || spec.equals("disable") || spec.startsWith("async")) {
            return option;
        }
        int whatEnd = spec.indexOf(':');
        if (whatEnd < 0) {
            return option + ":stderr";
        }
        int outputEnd = spec.indexOf(':', whatEnd + 1);
        String output = outputEnd < 0 ? spec.substring(whatEnd + 1) : spec.substring(whatEnd + 1, outputEnd);
        if (!output.isEmpty() && !output.equals("stdout") && !output.equals("#0")) {
            return option;
        }
        return "-Xlog:" + spec.substring(0, whatEnd) + ":stderr" + (outputEnd < 0 ? "" : spec.substring(outputEnd));
    }

    /**
     * @param jvmOptions the pool's {@code jvmOptions}
     * @param isDirectory whether a path names an existing directory (the workers' working directory
     *     is the host's, so a relative path means the same to both)
     * @return the {@code filename} of a {@code -XX:StartFlightRecording} that is not an existing
     *     directory, so that every worker writes its recording to it in turn, or null
     */
    static String sharedRecordingFile(List<String> jvmOptions, Predicate<String> isDirectory) {
        for (String option : jvmOptions) {
            if (!option.startsWith("-XX:StartFlightRecording=") && !option.startsWith("-XX:StartFlightRecording:")) {
                continue;
            }
            for (String setting : option.substring("-XX:StartFlightRecording=".length()).split(",")) {
                if (setting.startsWith("filename=") && !isDirectory.test(setting.substring("filename=".length()))) {
                    return setting.substring("filename=".length());
                }
            }
        }
        return null;
    }

    /**
     * @param jvmOptions options of a worker
     * @return them without {@code -XX:StartFlightRecording}: for the class-data training run, which
     *     should not leave a recording of its own among the workers'
     */
    static List<String> withoutRecordings(List<String> jvmOptions) {
        return jvmOptions.stream().filter(o -> !o.startsWith("-XX:StartFlightRecording")).toList();
    }

    /**
     * @param before the pool's {@code jvmOptions}
     * @param after what {@link #toStderr(List)} made of them
     * @return e.g. {@code -verbose:gc as -Xlog:gc:stderr}, the changed options only; empty if none changed
     */
    static String changes(List<String> before, List<String> after) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < before.size(); i++) {
            if (!before.get(i).equals(after.get(i))) {
                sb.append(sb.length() == 0 ? "" : ", ").append(before.get(i)).append(" as ").append(after.get(i));
            }
        }
        return sb.toString();
    }
}
