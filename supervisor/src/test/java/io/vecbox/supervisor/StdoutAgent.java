package io.vecbox.supervisor;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Java agent for tests: before the worker's {@code main} runs, it copies the file named by its
 * argument to the process's stdout, as a JVM's own output or an older worker would put bytes
 * there. Packed into an agent jar by {@link StartMarkerIT}.
 */
public final class StdoutAgent {
    private StdoutAgent() {
    }

    /**
     * @param args the file whose bytes go to stdout
     * @throws IOException if the file cannot be read
     */
    public static void premain(String args) throws IOException {
        FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        out.write(Files.readAllBytes(Path.of(args)));
        out.flush();
    }
}
