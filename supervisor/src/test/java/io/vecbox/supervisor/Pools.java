package io.vecbox.supervisor;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Test helpers: pool builders with fault injection on, and captured log lines. */
final class Pools {
    static final String FAULTS = "-Dvecbox.testFaults=true";

    private Pools() {
    }

    static WorkerPool.Builder builder(Path dir, String name) {
        return WorkerPool.builder()
                .name(name)
                .database(dir.resolve(name + ".db"))
                .readers(2)
                .queryTimeout(Duration.ofSeconds(10))
                .killGracePeriod(Duration.ofMillis(500))
                .crashLogDirectory(dir.resolve("crash-logs"))
                .restartPolicy(RestartPolicy.builder().initialBackoff(Duration.ofMillis(20))
                        .maxBackoff(Duration.ofMillis(200)).build())
                .jvmOptions(List.of(FAULTS));
    }

    static long pidOf(WorkerPool pool, String state, String role) {
        for (WorkerInfo w : pool.workers()) {
            if (w.state().equals(state) && w.role().equals(role)) {
                return w.pid();
            }
        }
        return -1;
    }

    /** @return the pids of the pool's readers, sorted: unchanged means no reader was lost */
    static List<Long> readerPids(WorkerPool pool) {
        List<Long> out = new ArrayList<>();
        for (WorkerInfo w : pool.workers()) {
            if (w.role().equals("reader")) {
                out.add(w.pid());
            }
        }
        out.sort(null);
        return out;
    }

    /** Captures the events of every pool logger ({@code io.vecbox.pool} and its concerns) for assertions. */
    static final class LogCapture implements AutoCloseable {
        private final Logger logger = (Logger) LoggerFactory.getLogger("io.vecbox.pool");
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        LogCapture() {
            appender.start();
            logger.addAppender(appender);
        }

        List<String> lines(String level) {
            List<String> out = new ArrayList<>();
            synchronized (appender) { // AppenderBase.doAppend appends under the appender's own lock
                for (ILoggingEvent e : appender.list) {
                    if (e.getLevel().toString().equals(level)) {
                        out.add(e.getFormattedMessage());
                    }
                }
            }
            return out;
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
        }
    }
}
