package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.BasicConfigurator;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A host with logback on its classpath and no configuration of it gets logback's default: the
 * console at DEBUG and above. The pool must print nothing below INFO there, whatever happens, and
 * log only under the logger names the README lists.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UnconfiguredLogbackIT {
    /** The README's list of logger names, one per concern. */
    private static final Set<String> DOCUMENTED = Set.of("io.vecbox.pool", "io.vecbox.pool.workers",
            "io.vecbox.pool.crashes", "io.vecbox.pool.stderr", "io.vecbox.pool.recycling", "io.vecbox.pool.failover",
            "io.vecbox.pool.leases", "io.vecbox.pool.knn", "io.vecbox.pool.classdata", "io.vecbox.pool.swaps",
            "io.vecbox.jdbc", "io.vecbox.litestream");

    @TempDir
    Path dir;

    private final LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    @BeforeEach
    void unconfiguredLogback() {
        ctx.reset(); // drops logback-test.xml: what logback does when it finds no configuration is below
        BasicConfigurator basic = new BasicConfigurator();
        basic.setContext(ctx);
        basic.configure(ctx);
        events.setContext(ctx);
        events.start();
        ctx.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(events);
    }

    @AfterEach
    void restoreTestConfiguration() throws Exception {
        ctx.reset();
        new ContextInitializer(ctx).autoConfig();
    }

    @Test
    void aPoolThatStartsRecyclesLosesWorkersAndReadsStderrLogsNothingBelowInfo() throws Exception {
        assertThat(ctx.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).as("logback's default").isEqualTo(Level.DEBUG);
        CountDownLatch lost = new CountDownLatch(1);
        CountDownLatch replaced = new CountDownLatch(2); // the recycled worker's and the lost one's successors
        WorkerPoolListener listener = new WorkerPoolListener() {
            @Override
            public void workerLost(String pool, WorkerLoss loss) {
                lost.countDown();
            }

            @Override
            public void workerStarted(String pool, String worker, long pid, Duration startupTime) {
                replaced.countDown();
            }
        };
        try (WorkerPool pool = Pools.builder(dir, "quiet").readers(1).maxRequestsPerWorker(20).build()) {
            pool.addListener(listener);
            pool.execute("create table t(x)");
            for (int i = 0; i < 60; i++) {
                pool.execute("insert into t values (?)", i); // past maxRequestsPerWorker: the writer is recycled
                assertThat(pool.query("select count(*) from t").rows().get(0).getLong(0)).isEqualTo(i + 1);
            }
            // A worker's ordinary stderr line: TRACE, not DEBUG.
            assertThat(pool.query("select vecbox_fault('stderr', 1)").rows().get(0).getLong(0)).isEqualTo(1);
            long reader = Pools.pidOf(pool, "IDLE", "reader");
            ProcessHandle.of(reader).orElseThrow().destroyForcibly();
            assertThat(lost.await(60, TimeUnit.SECONDS)).as("the reader's loss was noticed").isTrue();
            assertThat(replaced.await(60, TimeUnit.SECONDS)).as("replacements started").isTrue();
            assertThat(pool.query("select count(*) from t").rows().get(0).getLong(0)).isEqualTo(60);
        }

        List<ILoggingEvent> vecbox = new ArrayList<>();
        synchronized (events) {
            for (ILoggingEvent e : events.list) {
                if (e.getLoggerName().startsWith("io.vecbox")) {
                    vecbox.add(e);
                }
            }
        }
        assertThat(vecbox).as("every line of the pool").allSatisfy(e -> {
            assertThat(e.getLevel().isGreaterOrEqual(Level.INFO)).as(e.toString()).isTrue();
            assertThat(DOCUMENTED).as(e.toString()).contains(e.getLoggerName());
        });
        assertThat(vecbox).anySatisfy(e -> {
            assertThat(e.getLoggerName()).isEqualTo("io.vecbox.pool");
            assertThat(e.getFormattedMessage()).contains("quiet - started 1 writer");
        });
        assertThat(vecbox).anySatisfy(e -> {
            assertThat(e.getLoggerName()).isEqualTo("io.vecbox.pool.crashes");
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).contains(" lost: killed with SIGKILL");
        });
        assertThat(vecbox).anySatisfy(e -> {
            assertThat(e.getLoggerName()).isEqualTo("io.vecbox.pool.recycling");
            assertThat(e.getFormattedMessage()).contains("maxRequestsPerWorker 20");
        });
    }
}
