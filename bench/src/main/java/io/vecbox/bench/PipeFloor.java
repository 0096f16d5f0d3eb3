package io.vecbox.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Host side of the floor: starts {@link PipeEcho} in a child JVM (same Java, plain options) and
 * times frame round trips over its stdin/stdout pipes from one host thread: write, flush, read
 * the answer. No thread hand-off, no encoding, so what remains is two pipe writes, two wake-ups
 * and two JVMs' stream code.
 */
final class PipeFloor implements AutoCloseable {
    /** About the size of a {@code select 1} request and its answer on the wire. */
    static final int PAYLOAD_BYTES = 64;

    private final Process process;
    private final DataOutputStream out;
    private final DataInputStream in;
    private final byte[] payload = new byte[PAYLOAD_BYTES];
    private final byte[] answer = new byte[PAYLOAD_BYTES];

    private PipeFloor(Process process) {
        this.process = process;
        this.out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
        this.in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
    }

    /** @return a started echo child */
    static PipeFloor start() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp", ownClassPath(),
                PipeEcho.class.getName());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new PipeFloor(p);
    }

    /** @return one round trip in nanoseconds */
    long roundTrip() throws IOException {
        long t0 = System.nanoTime();
        out.writeInt(PAYLOAD_BYTES);
        out.write(payload);
        out.flush();
        int length = in.readInt();
        in.readFully(answer, 0, length);
        long elapsed = System.nanoTime() - t0;
        if (length != PAYLOAD_BYTES || answer[PAYLOAD_BYTES - 1] != payload[PAYLOAD_BYTES - 1]) {
            throw new IOException("echo answered " + length + " bytes");
        }
        return elapsed;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws IOException {
        out.close();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The jar (or classes directory) this class came from: all the echo child needs. */
    static String ownClassPath() {
        try {
            return Path.of(PipeEcho.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException | RuntimeException e) {
            return System.getProperty("java.class.path");
        }
    }
}
