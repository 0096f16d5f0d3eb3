package io.vecbox.worker;

import io.vecbox.protocol.Configure;
import io.vecbox.protocol.Hello;
import io.vecbox.protocol.Message;
import io.vecbox.protocol.MessageReader;
import io.vecbox.protocol.MessageWriter;
import io.vecbox.protocol.Protocol;
import io.vecbox.protocol.Ready;
import io.vecbox.protocol.Role;
import io.vecbox.protocol.StartMarker;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real worker process started from the shaded jar, for integration tests. */
final class WorkerProcess implements AutoCloseable {
    final Process process;
    /** How the worker's stdout began: {@link StartMarker.Outcome#MARKER} unless the JVM did not start. */
    final StartMarker.Outcome start;
    final MessageReader reader;
    final MessageWriter writer;
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Thread stderrPump;

    private WorkerProcess(Process process) {
        this.process = process;
        BufferedInputStream stdout = new BufferedInputStream(process.getInputStream());
        try {
            this.start = StartMarker.skip(stdout, StartMarker.MAX_TEXT_BYTES, line -> { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.reader = new MessageReader(stdout, Protocol.DEFAULT_MAX_FRAME_BYTES);
        this.writer = new MessageWriter(process.getOutputStream(), Protocol.DEFAULT_MAX_FRAME_BYTES);
        this.stderrPump = new Thread(() -> pump(process.getErrorStream()), "stderr-pump");
        stderrPump.setDaemon(true);
        stderrPump.start();
    }

    static Path jar() {
        String jar = System.getProperty("vecbox.workerJar");
        if (jar == null) {
            throw new IllegalStateException("vecbox.workerJar not set: run through failsafe (mvn verify)");
        }
        return Path.of(jar);
    }

    static WorkerProcess start(String... jvmOptions) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+DisplayVMOutputToStderr");
        cmd.addAll(List.of(jvmOptions));
        cmd.add("-jar");
        cmd.add(jar().toString());
        return new WorkerProcess(new ProcessBuilder(cmd).start());
    }

    static Configure config(Role role, Path db) {
        return new Configure("test-" + role.wireName(), role, db.toString(), "", Map.of(), 5000, 10_000,
                8L * 1024 * 1024, 32, Map.of(), false, Protocol.DEFAULT_MAX_FRAME_BYTES);
    }

    Hello hello() throws IOException {
        return (Hello) reader.read();
    }

    /** Reads hello, sends configure, returns ready. */
    Ready handshake(Configure config) throws IOException {
        Message hello = reader.read();
        if (!(hello instanceof Hello)) {
            throw new IllegalStateException("expected hello, got " + hello + "; stderr: " + stderr());
        }
        writer.write(config);
        Message ready = reader.read();
        if (!(ready instanceof Ready r)) {
            throw new IllegalStateException("expected ready, got " + ready + "; stderr: " + stderr());
        }
        return r;
    }

    Message send(Message m) throws IOException {
        writer.write(m);
        return reader.read();
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8);
        }
    }

    private void pump(InputStream in) {
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (stderr) {
                    stderr.write(buf, 0, n);
                }
            }
        } catch (IOException ignored) {
            // process gone
        }
    }

    int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("worker still running after " + seconds + " s; stderr: " + stderr());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
