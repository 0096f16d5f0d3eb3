package io.vecbox.supervisor.probe;

import io.vecbox.protocol.Configure;
import io.vecbox.protocol.Hello;
import io.vecbox.protocol.Message;
import io.vecbox.protocol.MessageReader;
import io.vecbox.protocol.MessageWriter;
import io.vecbox.protocol.Protocol;
import io.vecbox.protocol.Query;
import io.vecbox.protocol.Ready;
import io.vecbox.protocol.Result;
import io.vecbox.protocol.Role;
import io.vecbox.protocol.StartMarker;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A worker process driven straight over its pipes, without a pool: what a request costs the
 * worker side alone (its threads, the statement, encoding), for {@link LatencyProbe}'s breakdown.
 */
final class RawWorker implements AutoCloseable {
    private final Process process;
    private final MessageWriter writer;
    private final MessageReader reader;
    private long ids;

    /** @param memoryLimitBytes the memory guard's limit, 0 for none (a trusted reader) */
    RawWorker(Path database, long memoryLimitBytes) throws IOException {
        this(database, memoryLimitBytes, List.of());
    }

    /** @param extraFlags more JVM options for the worker, e.g. to profile it */
    RawWorker(Path database, long memoryLimitBytes, List<String> extraFlags) throws IOException {
        this(database, memoryLimitBytes, extraFlags, Role.READER, Map.of());
    }

    /**
     * @param role the worker's role: a writer for {@link #executeMany}
     * @param pragmas set when the connection opens
     */
    RawWorker(Path database, long memoryLimitBytes, List<String> extraFlags, Role role, Map<String, String> pragmas)
            throws IOException {
        this(database, memoryLimitBytes, extraFlags, role, pragmas, defaultJar());
    }

    /** @param workerJar the worker jar to run, e.g. another build's to compare; empty for this build's */
    RawWorker(Path database, long memoryLimitBytes, List<String> extraFlags, Role role, Map<String, String> pragmas,
              String workerJar) throws IOException {
        this(database, memoryLimitBytes, extraFlags, role, pragmas, workerJar.isEmpty() ? defaultJar() : Path.of(workerJar));
    }

    /** @param jar the worker jar to run, e.g. another build's to compare */
    RawWorker(Path database, long memoryLimitBytes, List<String> extraFlags, Role role, Map<String, String> pragmas,
            Path jar) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(List.of("-Xmx256m", "-Xss1m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:+DisplayVMOutputToStderr"));
        cmd.addAll(extraFlags);
        cmd.add("-jar");
        cmd.add(jar.toString());
        process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        writer = new MessageWriter(new BufferedOutputStream(process.getOutputStream(), 64 * 1024),
                Protocol.DEFAULT_MAX_FRAME_BYTES);
        BufferedInputStream stdout = new BufferedInputStream(process.getInputStream(), 64 * 1024);
        StartMarker.skip(stdout, StartMarker.MAX_TEXT_BYTES, line -> { });
        reader = new MessageReader(stdout, Protocol.DEFAULT_MAX_FRAME_BYTES);
        Message hello = reader.read();
        if (!(hello instanceof Hello)) {
            throw new IOException("expected hello, got " + hello);
        }
        writer.write(new Configure("probe/raw", role, database.toString(), "", pragmas, 5000, 10_000,
                16 << 20, 32, Map.of(), memoryLimitBytes > 0, Protocol.DEFAULT_MAX_FRAME_BYTES, List.of(),
                memoryLimitBytes, List.of()));
        Message ready = reader.read();
        if (!(ready instanceof Ready)) {
            throw new IOException("expected ready, got " + ready);
        }
    }

    /** @return system property {@code worker.jar} if set, else the worker jar this build bundles */
    static Path defaultJar() throws IOException {
        try {
            String other = System.getProperty("worker.jar", "");
            return !other.isEmpty() ? Path.of(other) : Path.of(io.vecbox.supervisor.WorkerPool.class
                    .getResource("internal/vecbox-worker.jar").toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    /** @return CPU time the worker process has used so far, in nanoseconds */
    long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
    }

    long select1() {
        try {
            long t0 = System.nanoTime();
            writer.write(new Query(++ids, "select 1", List.of(), 10_000, 16 << 20, 30_000));
            Message m = reader.read();
            long t = System.nanoTime() - t0;
            if (!(m instanceof Result)) {
                throw new IllegalStateException("expected a result, got " + m);
            }
            return t;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a {@code select 1} and returns at once; its answer is for {@link #next}. */
    void sendSelect1() throws IOException {
        writer.write(new Query(++ids, "select 1", List.of(), 10_000, 16 << 20, 30_000));
    }

    /** @return the next message from the worker, null at the end of its stdout */
    Message next() throws IOException {
        return reader.read();
    }

    /** @return the worker's process id */
    long pid() {
        return process.pid();
    }

    /** @return the answer to a query, whatever it is */
    Message query(String sql) throws IOException {
        writer.write(new Query(++ids, sql, List.of(), 10_000, 16 << 20, 30_000));
        return reader.read();
    }

    /**
     * Sends one execute-many and waits for its answer.
     *
     * @param timings receives [encode+write done, answer read] in nanoseconds since the call began
     */
    Message executeMany(String sql, List<List<Object>> rows, long[] timings) throws IOException {
        long t0 = System.nanoTime();
        writer.write(new io.vecbox.protocol.ExecuteMany(++ids, sql, rows, 60_000));
        timings[0] = System.nanoTime() - t0;
        Message m = reader.read();
        timings[1] = System.nanoTime() - t0;
        return m;
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        process.waitFor();
    }
}
