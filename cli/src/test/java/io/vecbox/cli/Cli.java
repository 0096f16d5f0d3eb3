package io.vecbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code java -jar vecbox.jar ...} as a real process, as a user would. */
final class Cli {
    private Cli() {
    }

    /** What a run printed and returned. */
    record Result(int exit, String out, String err) {
        String all() {
            return out + err;
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    static Path jar() {
        String jar = System.getProperty("vecbox.jar");
        assertThat(jar).as("system property vecbox.jar (set by failsafe)").isNotNull();
        Path p = Path.of(jar);
        assertThat(p).exists();
        return p;
    }

    static Result run(String... args) throws IOException, InterruptedException {
        return runWithInput(null, args);
    }

    static Result runWithInput(String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(List.of(args));
        Path dir = Files.createTempDirectory("vecbox-cli-it-");
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(nullFile()));
        } else {
            Path in = dir.resolve("in");
            Files.writeString(in, stdin);
            pb.redirectInput(in.toFile());
        }
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("vecbox " + String.join(" ", args) + " did not finish in 120 s");
        }
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        Files.deleteIfExists(dir.resolve("in"));
        Files.delete(dir);
        return r;
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
