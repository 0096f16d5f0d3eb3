package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vecbox.protocol.Hello;
import io.vecbox.protocol.MessageWriter;
import io.vecbox.protocol.Protocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a worker's stdout may hold before its start marker, with real workers whose JVM runs
 * {@link StdoutAgent} first: the pool skips text, up to 64 KiB, and refuses a worker that sends
 * no marker by its {@code hello}'s protocol version.
 */
class StartMarkerIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void aWorkerThatSendsNoMarkerIsRefusedForItsProtocolVersion() throws IOException {
        // What a version 2 worker writes first: its hello, with no marker before it.
        ByteArrayOutputStream hello = new ByteArrayOutputStream();
        new MessageWriter(hello, Protocol.DEFAULT_MAX_FRAME_BYTES).write(new Hello(2, 1L, "3.50.4", "0.1.9", ""));
        WorkerStartException e = startFailure("old-worker", hello.toByteArray());
        assertThat(e.getMessage()).contains("protocol version mismatch: worker speaks 2, supervisor " + Protocol.VERSION);
    }

    @Test
    @Timeout(120)
    void moreThan64KibBeforeTheMarkerIsAProtocolViolation() throws IOException {
        String line = "x".repeat(99) + "\n";
        WorkerStartException e = startFailure("flood", line.repeat(700).getBytes(StandardCharsets.US_ASCII));
        assertThat(e.getMessage()).contains("protocol violation: more than 65536 bytes on stdout before the start marker");
        assertThat(e.stderrTail()).as("the text is kept for the report").contains("(stdout) xxxxxxxx");
    }

    @Test
    @Timeout(120)
    void textJustUnderTheBoundIsSkipped() throws IOException {
        String line = "y".repeat(99) + "\n";
        try (WorkerPool pool = Pools.builder(dir, "under-bound").readers(1)
                .jvmOptions(List.of(Pools.FAULTS, agent(line.repeat(650).getBytes(StandardCharsets.US_ASCII))))
                .build()) {
            assertThat(pool.query("select 5").rows().get(0).getLong(0)).isEqualTo(5);
            assertThat(pool.stats().crashes()).isZero();
        }
    }

    private WorkerStartException startFailure(String name, byte[] stdout) throws IOException {
        WorkerPool.Builder builder = Pools.builder(dir, name).readers(1).classDataSharing(false)
                .jvmOptions(List.of(Pools.FAULTS, agent(stdout)));
        return catchThrowableOfType(() -> builder.build().close(), WorkerStartException.class);
    }

    /** @return the option that runs {@link StdoutAgent} with these bytes */
    private String agent(byte[] stdout) throws IOException {
        Path bytes = Files.write(dir.resolve("stdout-" + System.nanoTime() + ".bin"), stdout);
        Path jar = dir.resolve("stdout-agent.jar");
        if (!Files.exists(jar)) {
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), StdoutAgent.class.getName());
            String entry = StdoutAgent.class.getName().replace('.', '/') + ".class";
            try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest);
                 InputStream in = StdoutAgent.class.getClassLoader().getResourceAsStream(entry)) {
                jarOut.putNextEntry(new JarEntry(entry));
                in.transferTo(jarOut);
                jarOut.closeEntry();
            }
        }
        return "-javaagent:" + jar + "=" + bytes;
    }
}
