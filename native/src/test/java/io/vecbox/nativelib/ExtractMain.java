package io.vecbox.nativelib;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child-JVM entry point for the multi-process tests.
 *
 * <ul>
 *   <li>{@code extract <cacheDir> <goFile>}: prints {@code ready}, waits until {@code goFile}
 *       exists (so all children extract at the same moment rather than as they finish starting),
 *       then prints the result of {@link SqliteVec#extractTo(Path)}.</li>
 *   <li>{@code path}: prints the result of {@link SqliteVec#path()}.</li>
 * </ul>
 */
public final class ExtractMain {

    private ExtractMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("path")) {
            System.out.println(SqliteVec.path());
            return;
        }
        Path cacheDir = Path.of(args[1]);
        Path go = Path.of(args[2]);
        System.out.println("ready");
        System.out.flush();
        while (!Files.exists(go)) {
            Thread.onSpinWait();
        }
        System.out.println(SqliteVec.extractTo(cacheDir));
    }
}
