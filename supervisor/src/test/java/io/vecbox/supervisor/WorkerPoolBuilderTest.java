package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Validation only: {@code build()} starts worker processes and is covered by the integration tests. */
class WorkerPoolBuilderTest {
    private static WorkerPool.Builder b() {
        return WorkerPool.builder();
    }

    private static Arguments bad(String message, Function<WorkerPool.Builder, WorkerPool.Builder> setter) {
        return Arguments.of(message, setter);
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                bad("readers < 1: 0", x -> x.readers(0)),
                bad("maxRequestsPerWorker < 0: -1", x -> x.maxRequestsPerWorker(-1)),
                bad("maxWorkerRss < 0: -1", x -> x.maxWorkerRss(-1)),
                bad("readers < 1: -3", x -> x.readers(-3)),
                bad("readers > 256: 257", x -> x.readers(257)),
                bad("queryTimeout <= 0: PT0S", x -> x.queryTimeout(Duration.ZERO)),
                bad("queryTimeout <= 0: PT-1S", x -> x.queryTimeout(Duration.ofSeconds(-1))),
                bad("writeTimeout <= 0: PT0S", x -> x.writeTimeout(Duration.ZERO)),
                bad("killGracePeriod < 0: PT-0.001S", x -> x.killGracePeriod(Duration.ofMillis(-1))),
                bad("maxRows < 1: 0", x -> x.maxRows(0)),
                bad("maxRows < 1: -1", x -> x.maxRows(-1)),
                bad("maxResultBytes < 1024: 1023", x -> x.maxResultBytes(1023)),
                bad("maxResultBytes < 1024: 0", x -> x.maxResultBytes(0)),
                bad("maxResultBytes > 48 MiB: 50331649", x -> x.maxResultBytes(48L * 1024 * 1024 + 1)),
                bad("quarantinePeriod < 0: PT-1M", x -> x.quarantinePeriod(Duration.ofMinutes(-1))),
                bad("startupTimeout <= 0: PT0S", x -> x.startupTimeout(Duration.ZERO)),
                bad("acquireTimeout <= 0: PT0S", x -> x.acquireTimeout(Duration.ZERO)),
                bad("transactionIdleTimeout <= 0: PT0S", x -> x.transactionIdleTimeout(Duration.ZERO)),
                bad("cursorIdleTimeout <= 0: PT-1S", x -> x.cursorIdleTimeout(Duration.ofSeconds(-1))),
                bad("maxQueued < 0: -1", x -> x.maxQueued(-1)),
                bad("shutdownGracePeriod < 0: PT-1S", x -> x.shutdownGracePeriod(Duration.ofSeconds(-1))),
                bad("busyTimeout < 0: PT-0.000000001S", x -> x.busyTimeout(Duration.ofNanos(-1))),
                bad("statementCacheSize < 0: -1", x -> x.statementCacheSize(-1)),
                bad("knnCacheBytes < 0: -1", x -> x.knnCacheBytes(-1)),
                bad("name is blank: ' '", x -> x.name(" ")),
                bad("name is blank: ''", x -> x.name("")),
                bad("name is blank: '\t\n'", x -> x.name("\t\n")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void badValueIsRejectedWithOptionAndValue(String message, Function<WorkerPool.Builder, WorkerPool.Builder> setter) {
        assertThatThrownBy(() -> setter.apply(b())).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void boundaryValuesAreAccepted() {
        assertThatCode(() -> b()
                .name("p")
                .readers(1).readers(256)
                .queryTimeout(Duration.ofNanos(1))
                .writeTimeout(Duration.ofNanos(1))
                .killGracePeriod(Duration.ZERO)
                .maxRows(1)
                .maxResultBytes(1024).maxResultBytes(48L * 1024 * 1024)
                .quarantinePeriod(Duration.ZERO)
                .startupTimeout(Duration.ofMillis(1))
                .acquireTimeout(Duration.ofMillis(1))
                .maxQueued(0)
                .shutdownGracePeriod(Duration.ZERO)
                .busyTimeout(Duration.ZERO)
                .statementCacheSize(0)
                .jvmOptions(List.of())
                .commandPrefix(List.of())
                .environment(Map.of())
                .database(Path.of("x.db"))
                .cacheDirectory(Path.of("cache"))
                .crashLogDirectory(Path.of("crash"))
                .restartPolicy(RestartPolicy.ofDefaults())
                .listener(new WorkerPoolListener() {
                }))
                .doesNotThrowAnyException();
    }

    @Test
    void settersReturnTheSameBuilder() {
        WorkerPool.Builder builder = b();
        assertThat(builder.readers(2)).isSameAs(builder);
        assertThat(builder.maxRows(5)).isSameAs(builder);
        assertThat(builder.queryTimeout(Duration.ofSeconds(1))).isSameAs(builder);
        assertThat(builder.knnWarmUp(true)).isSameAs(builder);
    }

    @Test
    void theCompatibilityConfigurationLeavesTheKnnWarmUpOffAsTheBuilderDoes() {
        Duration s = Duration.ofSeconds(1);
        PoolConfig old = new PoolConfig("p", Path.of("d.db"), 1, s, s, s, 10, 1 << 20, false, RestartPolicy.ofDefaults(),
                s, List.of(), List.of(), Map.of(), s, s, 1, s, s, 8, Path.of("cache"), Path.of("crash"),
                SandboxPolicy.trusted(), s, s, false, PoolConfig.DEFAULT_MMAP_SIZE, PoolConfig.SQLITE_DEFAULT_CACHE_SIZE,
                true);
        assertThat(old.knnWarmUp()).isFalse();
        assertThat(b().knnWarmUp).as("the builder's default").isFalse();
        assertThat(old.knnCacheBytes()).isEqualTo(PoolConfig.DEFAULT_KNN_CACHE_BYTES);
    }

    static Stream<Arguments> nullArguments() {
        return Stream.of(
                Arguments.of("database", (Function<WorkerPool.Builder, ?>) x -> x.database(null)),
                Arguments.of("queryTimeout", (Function<WorkerPool.Builder, ?>) x -> x.queryTimeout(null)),
                Arguments.of("writeTimeout", (Function<WorkerPool.Builder, ?>) x -> x.writeTimeout(null)),
                Arguments.of("killGracePeriod", (Function<WorkerPool.Builder, ?>) x -> x.killGracePeriod(null)),
                Arguments.of("restartPolicy", (Function<WorkerPool.Builder, ?>) x -> x.restartPolicy(null)),
                Arguments.of("quarantinePeriod", (Function<WorkerPool.Builder, ?>) x -> x.quarantinePeriod(null)),
                Arguments.of("listener", (Function<WorkerPool.Builder, ?>) x -> x.listener(null)),
                Arguments.of("startupTimeout", (Function<WorkerPool.Builder, ?>) x -> x.startupTimeout(null)),
                Arguments.of("acquireTimeout", (Function<WorkerPool.Builder, ?>) x -> x.acquireTimeout(null)),
                Arguments.of("shutdownGracePeriod",
                        (Function<WorkerPool.Builder, ?>) x -> x.shutdownGracePeriod(null)),
                Arguments.of("busyTimeout", (Function<WorkerPool.Builder, ?>) x -> x.busyTimeout(null)),
                Arguments.of("cacheDirectory", (Function<WorkerPool.Builder, ?>) x -> x.cacheDirectory(null)),
                Arguments.of("crashLogDirectory", (Function<WorkerPool.Builder, ?>) x -> x.crashLogDirectory(null)),
                Arguments.of("transactionIdleTimeout",
                        (Function<WorkerPool.Builder, ?>) x -> x.transactionIdleTimeout(null)),
                Arguments.of("cursorIdleTimeout", (Function<WorkerPool.Builder, ?>) x -> x.cursorIdleTimeout(null)),
                Arguments.of("callbackExecutor", (Function<WorkerPool.Builder, ?>) x -> x.callbackExecutor(null)));
    }

    @ParameterizedTest(name = "{0}(null)")
    @MethodSource("nullArguments")
    void nullIsRejectedNamingTheOption(String option, Function<WorkerPool.Builder, ?> setter) {
        assertThatNullPointerException().isThrownBy(() -> setter.apply(b())).withMessage(option);
    }

    @Test
    void nullCollectionsAreRejected() {
        assertThatNullPointerException().isThrownBy(() -> b().jvmOptions(null));
        assertThatNullPointerException().isThrownBy(() -> b().commandPrefix(null));
        assertThatNullPointerException().isThrownBy(() -> b().environment(null));
        assertThatNullPointerException().isThrownBy(() -> b().jvmOptions(Arrays.asList("-Xmx1g", null)));
        Map<String, String> env = new HashMap<>();
        env.put("HOME", null);
        assertThatNullPointerException().isThrownBy(() -> b().environment(env));
    }

    @ParameterizedTest(name = "{0} processors -> {1} readers")
    @CsvSource({"1, 1", "2, 2", "3, 3", "4, 4", "5, 4", "8, 4", "64, 4", "256, 4"})
    void defaultReadersIsTheProcessorCountCappedAtFourNotSixtyFourJvmsOnASixtyFourCoreServer(int processors,
                                                                                            int readers) {
        assertThat(PoolOptions.defaultReaders(processors)).isEqualTo(readers);
    }

    @Test
    void nameNullIsANullPointerExceptionLikeEveryOtherOption() {
        assertThatNullPointerException().isThrownBy(() -> b().name(null)).withMessage("name");
    }
}
