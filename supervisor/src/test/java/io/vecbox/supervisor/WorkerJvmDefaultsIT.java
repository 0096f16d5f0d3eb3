package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The worker JVM defaults as running workers have them, and what they change on the machine. */
class WorkerJvmDefaultsIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void workersStartWithASmallHeapOneCompilerThreadAndNoPerformanceDataFile() {
        try (WorkerPool pool = Pools.builder(dir, "jvm-defaults").readers(1).build()) {
            for (WorkerInfo w : pool.workers()) {
                List<String> args = arguments(w);
                assertThat(args).as(w.name()).contains("-Xms8m", "-Xmx256m", "-Xss1m", "-XX:-UsePerfData");
                if (w.name().startsWith("worker-0")) {
                    assertThat(args).as("the writer runs C1 only, one compiler thread")
                            .contains("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1")
                            .doesNotContain("--add-modules=jdk.incubator.vector");
                } else {
                    assertThat(args).as("a reader runs C2 and the Vector API for the KNN fast path")
                            .contains("-XX:CICompilerCount=2", "--add-modules=jdk.incubator.vector")
                            .doesNotContain("-XX:TieredStopAtLevel=1");
                }
                // Workers run with an empty environment, so their temporary directory is /tmp.
                assertThat(Path.of("/tmp", "hsperfdata_" + System.getProperty("user.name"), Long.toString(w.pid())))
                        .as("%s leaves no hsperfdata file", w.name()).doesNotExist();
            }
            assertThat(pool.query("select 1").rows()).hasSize(1);
        }
    }

    @Test
    @Timeout(120)
    void withoutTheKnnFastPathReadersStartWithTheWritersOptions() {
        try (WorkerPool pool = Pools.builder(dir, "jvm-no-knn").readers(1).knnFastPath(false).build()) {
            List<WorkerInfo> workers = pool.workers();
            assertThat(workers).hasSize(2);
            List<String> writer = arguments(workers.get(0));
            List<String> reader = arguments(workers.get(1));
            assertThat(reader).contains("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1")
                    .doesNotContain("--add-modules=jdk.incubator.vector");
            assertThat(reader.stream().filter(a -> a.startsWith("-X") || a.startsWith("--")).toList())
                    .isEqualTo(writer.stream().filter(a -> a.startsWith("-X") || a.startsWith("--")).toList());
            assertThat(pool.query("select 1").rows()).hasSize(1);
        }
    }

    private static List<String> arguments(WorkerInfo w) {
        return List.of(ProcessHandle.of(w.pid()).orElseThrow().info().arguments().orElseThrow());
    }
}
