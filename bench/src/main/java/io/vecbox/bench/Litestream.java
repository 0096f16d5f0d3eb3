package io.vecbox.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The {@code litestream} binary as the replica case drives it: {@code replicate DB file://DIR} as
 * a child process whose log lines are kept with the time they were read ({@link Replication}),
 * and {@code restore -o OUT file://DIR} timed from start to exit.
 */
final class Litestream {
    /** The system property that names the binary when {@code --litestream} is not given. */
    static final String PROPERTY = "vecbox.litestream";

    private final Path binary;

    Litestream(Path binary) {
        this.binary = binary.toAbsolutePath();
    }

    /**
     * @param option {@code --litestream}, or null
     * @return the binary to run: the option, else the system property {@value #PROPERTY}
     * @throws IllegalArgumentException naming both when neither names an executable file
     */
    static Litestream locate(Path option) {
        Path p = option;
        if (p == null && System.getProperty(PROPERTY) != null) {
            p = Path.of(System.getProperty(PROPERTY));
        }
        if (p == null) {
            throw new IllegalArgumentException("no litestream binary: pass --litestream FILE or -D" + PROPERTY + "=FILE");
        }
        if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
            throw new IllegalArgumentException("litestream binary is not an executable file: " + p);
        }
        return new Litestream(p);
    }

    Path binary() {
        return binary;
    }

    /** @return {@code file:///abs/dir}, Litestream's URL of a replica in a local directory */
    static String fileUrl(Path dir) {
        return "file://" + dir.toAbsolutePath();
    }

    /** @return the binary's {@code version} output, e.g. {@code v0.3.13} */
    String version() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(binary.toString(), "version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    /**
     * Starts {@code litestream replicate db file://replica}.
     *
     * @return the running replication; close it to stop Litestream (SIGTERM, then SIGKILL after 30 s)
     */
    Replication replicate(Path db, Path replica) throws IOException {
        Process p = new ProcessBuilder(binary.toString(), "replicate", db.toAbsolutePath().toString(), fileUrl(replica))
                .redirectErrorStream(true).start();
        return new Replication(p, System.nanoTime());
    }

    /**
     * Runs {@code litestream restore -o out file://replica} to its end.
     *
     * @return wall time in nanoseconds from start to exit
     * @throws IOException if it exits with a status other than 0 (the output's tail in the message)
     */
    long restore(Path replica, Path out) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(binary.toString(), "restore", "-o", out.toAbsolutePath().toString(),
                fileUrl(replica)).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("litestream restore did not finish in 30 minutes");
        }
        long elapsed = System.nanoTime() - t0;
        if (p.exitValue() != 0) {
            throw new IOException("litestream restore exited with " + p.exitValue() + ": "
                    + text.substring(Math.max(0, text.length() - 500)).strip());
        }
        return elapsed;
    }

    /** A log line and when the harness read it ({@link System#nanoTime()}). */
    record Event(long nanos, LitestreamLog log) {
    }

    /** A running {@code litestream replicate}. Thread-safe. */
    static final class Replication implements AutoCloseable {
        private final Process process;
        private final long startedNanos;
        private final List<Event> events = new ArrayList<>();
        private final List<String> tail = new ArrayList<>();
        private final Thread pump;

        private Replication(Process process, long startedNanos) {
            this.process = process;
            this.startedNanos = startedNanos;
            this.pump = new Thread(this::pump, "bench-litestream-log");
            pump.setDaemon(true);
            pump.start();
        }

        long startedNanos() {
            return startedNanos;
        }

        private void pump() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    long now = System.nanoTime();
                    LitestreamLog log = LitestreamLog.parse(line);
                    synchronized (this) {
                        tail.add(line);
                        if (tail.size() > 20) {
                            tail.remove(0);
                        }
                        if (log != null) {
                            events.add(new Event(now, log));
                        }
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            synchronized (this) {
                notifyAll();
            }
        }

        /**
         * Waits for the first event read at or after {@code afterNanos} whose message is
         * {@code message} and that matches {@code also}.
         *
         * @throws IOException if Litestream exits, logs an ERROR, or the timeout passes first
         */
        Event await(String message, long afterNanos, Predicate<Event> also, long timeoutNanos)
                throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeoutNanos;
            synchronized (this) {
                while (true) {
                    for (Event e : events) {
                        if (e.nanos() - afterNanos >= 0 && e.log().message().equals(message) && also.test(e)) {
                            return e;
                        }
                        if (e.nanos() - afterNanos >= 0 && e.log().level().equals("ERROR")) {
                            throw new IOException("litestream: " + String.join(" / ", tail));
                        }
                    }
                    long left = deadline - System.nanoTime();
                    if (!process.isAlive() && !pump.isAlive()) {
                        throw new IOException("litestream exited with " + process.exitValue() + ": "
                                + String.join(" / ", tail));
                    }
                    if (left <= 0) {
                        throw new IOException("litestream: no '" + message + "' in "
                                + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s: " + String.join(" / ", tail));
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
                }
            }
        }

        /** @return the events so far */
        synchronized List<Event> events() {
            return List.copyOf(events);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy(); // SIGTERM: Litestream syncs once more and exits
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            pump.join(TimeUnit.SECONDS.toMillis(5));
        }
    }
}
