package io.vecbox.supervisor.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a worker's exit says: the signal behind an exit code, and the JVM crash log, whose first
 * lines name the signal a native fault raised even when the JVM then exits with a plain status.
 *
 * @param exitCode the exit code, or null if unknown
 * @param signal the signal's name, or null
 * @param crashLog the crash log, or null if the worker wrote none
 */
public record ExitInfo(Integer exitCode, String signal, Path crashLog) {
    private static final Pattern CRASH_SIGNAL = Pattern.compile("\\b(SIG[A-Z]+) \\(0x[0-9a-f]+\\)");
    private static final String[] SIGNALS = {
        null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL",
        "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",
        "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF",
        "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    };

    /**
     * @param exitCode the exit code as {@link Process#exitValue()} reports it
     * @return the Linux signal name for codes 129..159 (128 + signal), or null
     */
    public static String signalOf(int exitCode) {
        int sig = exitCode - 128;
        return sig > 0 && sig < SIGNALS.length ? SIGNALS[sig] : null;
    }

    /**
     * @param exitCode the exit code, or null
     * @param crashLogDir where workers write {@code hs_err_pid<pid>.log}
     * @param pid the worker's pid
     * @return the exit information, the crash log's signal preferred over the exit code's
     */
    public static ExitInfo of(Integer exitCode, Path crashLogDir, long pid) {
        String signal = exitCode == null ? null : signalOf(exitCode);
        Path log = crashLogDir.resolve("hs_err_pid" + pid + ".log");
        if (!Files.isRegularFile(log)) {
            return new ExitInfo(exitCode, signal, null);
        }
        String fromLog = signalInCrashLog(log);
        return new ExitInfo(exitCode, fromLog != null ? fromLog : signal, log);
    }

    /**
     * @param log a HotSpot crash log
     * @return the signal it reports ({@code SIGSEGV (0xb) at pc=...}), or null
     */
    static String signalInCrashLog(Path log) {
        try (InputStream in = Files.newInputStream(log)) {
            String head = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            Matcher m = CRASH_SIGNAL.matcher(head);
            return m.find() ? m.group(1) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** @return e.g. {@code exit 1, signal SIGSEGV} or {@code exit 137, signal SIGKILL} */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("exit ").append(exitCode == null ? "unknown" : exitCode.toString());
        if (signal != null) {
            sb.append(", signal ").append(signal);
        }
        return sb.toString();
    }
}
