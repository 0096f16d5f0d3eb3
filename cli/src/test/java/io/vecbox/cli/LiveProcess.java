package io.vecbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A {@code vecbox} process the test talks to while it runs: writes to its stdin, waits for what
 * it prints, sends it signals. It is started through {@code env --default-signal=INT} (GNU
 * coreutils), because a JVM that Maven starts in the background inherits SIGINT as ignored and
 * would pass that on: without the reset a test of Ctrl-C would test nothing.
 */
final class LiveProcess implements AutoCloseable {
    private final Process process;
    private final OutputStream stdin;
    private final StringBuilder output = new StringBuilder();
    private boolean ended; // guarded by output: the process closed its output

    private LiveProcess(List<String> command) throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        stdin = process.getOutputStream();
        Thread pump = new Thread(() -> pump(process.getInputStream()), "live-process-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** @return whether {@code env --default-signal} exists here (GNU coreutils 8.31 or later) */
    static boolean canResetSignals() {
        try {
            Process p = new ProcessBuilder("env", "--default-signal=INT", "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @param args the vecbox command line; stdout and stderr are merged into one transcript */
    static LiveProcess vecbox(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT"));
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-jar");
        cmd.add(Cli.jar().toString());
        cmd.addAll(List.of(args));
        return new LiveProcess(cmd);
    }

    /** @param command a whole command line, e.g. {@code script -qec "..." /dev/null} */
    static LiveProcess command(List<String> command) throws IOException {
        return new LiveProcess(command);
    }

    private void pump(InputStream in) {
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                synchronized (output) {
                    output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    output.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        } finally {
            synchronized (output) {
                ended = true;
                output.notifyAll();
            }
        }
    }

    void write(String text) throws IOException {
        stdin.write(text.getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    void closeInput() throws IOException {
        stdin.close();
    }

    /**
     * Waits until the transcript, from {@code from} on, matches.
     *
     * @return the end of the match, to wait for what comes after it
     */
    int await(Pattern pattern, int from, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (output) {
            while (true) {
                var m = pattern.matcher(output);
                if (m.find(Math.min(from, output.length()))) {
                    return m.end();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || ended) {
                    throw new AssertionError("no /" + pattern + "/ " + (ended ? "before the process ended"
                            : "in " + timeout.toSeconds() + " s") + "; transcript:\n" + output);
                }
                output.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** Sends a signal to the process. */
    void signal(String name) throws IOException, InterruptedException {
        signal(name, process.pid());
    }

    /** Sends a signal to the process's only child (the program a wrapper such as script runs). */
    void signalChild(String name) throws IOException, InterruptedException {
        List<ProcessHandle> children = process.children().toList();
        assertThat(children).as("children of " + process.pid()).hasSize(1);
        signal(name, children.get(0).pid());
    }

    private static void signal(String name, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -" + name + " " + pid).isZero();
    }

    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout.toSeconds() + " s; transcript:\n" + transcript());
        }
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    String transcript() {
        synchronized (output) {
            return output.toString();
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
