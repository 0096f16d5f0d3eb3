package io.vecbox.nativelib;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A real child JVM running {@link ExtractMain} on this test's class path. */
final class ChildJvm implements AutoCloseable {

    final Process process;
    final BufferedReader stdout;
    final Path stderr;

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.stderr = stderr;
    }

    static ChildJvm start(Path workDir, List<String> jvmArgs, Map<String, String> env, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xshare:auto");
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ExtractMain.class.getName());
        command.addAll(List.of(args));
        Path stderr = Files.createTempFile(workDir, "child-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        // Start from no override so the developer's own setting cannot change what is tested.
        builder.environment().remove(SqliteVec.OVERRIDE_ENV);
        builder.environment().putAll(env);
        return new ChildJvm(builder.start(), stderr);
    }

    /** Next stdout line, or a failure that carries the child's stderr. */
    String readLine() throws IOException {
        String line = stdout.readLine();
        if (line == null) {
            throw new AssertionError("child exited early: " + describe());
        }
        return line;
    }

    String describe() throws IOException {
        String exit = process.isAlive() ? "running" : "exit " + process.exitValue();
        return exit + ", stderr: " + Files.readString(stderr);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
