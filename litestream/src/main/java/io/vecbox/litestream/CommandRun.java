package io.vecbox.litestream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of a short Litestream command (restore, version, wal): stdout and stderr read together,
 * every line logged and kept in a bounded tail, killed at its timeout. The caller's thread waits.
 */
final class CommandRun {
    /** How it ended. */
    record Outcome(List<String> command, int exitCode, boolean timedOut, String output, OutputTail tail) {
    }

    private CommandRun() {
    }

    /**
     * @param command the command line
     * @param timeout how long it may run before it is killed
     * @param prefix the log lines' prefix
     * @param keepOutput whether to return the whole output (small commands such as version and wal)
     * @return how it ended
     * @throws LitestreamException if it cannot be started, or the waiting thread is interrupted (the
     *     process is killed first and the interrupt flag restored)
     */
    static Outcome run(List<String> command, Duration timeout, String prefix, boolean keepOutput) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new LitestreamException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        try {
            p.getOutputStream().close();
        } catch (IOException e) {
            // no stdin: nothing to do
        }
        OutputTail tail = new OutputTail(40);
        StringBuilder all = new StringBuilder();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    tail.add(line);
                    if (keepOutput) {
                        synchronized (all) {
                            all.append(line).append('\n');
                        }
                    } else {
                        LitestreamLog.log(prefix, line);
                    }
                }
            } catch (IOException e) {
                // the process ended or was killed
            }
        }, "vecbox-litestream-" + prefix + "-output");
        pump.setDaemon(true);
        pump.start();
        boolean finished;
        try {
            finished = p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (!finished) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            pump.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LitestreamException("interrupted while waiting for " + String.join(" ", command), e);
        }
        String output;
        synchronized (all) {
            output = all.toString();
        }
        return new Outcome(List.copyOf(command), finished ? p.exitValue() : -1, !finished, output, tail);
    }
}
