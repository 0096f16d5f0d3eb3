package io.vecbox.bench.jmh;

import io.vecbox.bench.Workload;
import io.vecbox.supervisor.SandboxPolicy;
import io.vecbox.supervisor.internal.sandbox.StatementGate;
import io.vecbox.supervisor.internal.sandbox.Violation;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The statement gate on a 200-character query ({@link Workload#GATE_SQL}), with the default
 * untrusted policy's lists: {@code check} is what every untrusted query pays before dispatch
 * (target: under 5 µs); {@code secondStatement} is the single-statement check the trusted paths pay.
 * Sample mode, like every benchmark here: read the p0.50 line. The mean is at the mercy of the
 * scheduler on a loaded machine (a thread descheduled for milliseconds in a microsecond
 * operation), the median is not.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GateBenchmark {
    private StatementGate gate;

    @Setup
    public void setUp() {
        SandboxPolicy policy = SandboxPolicy.untrusted();
        gate = new StatementGate(policy.allowedPragmaFunctions(), policy.deniedFunctions(), policy.maxSqlLength());
        if (gate.check(Workload.GATE_SQL).isPresent()) {
            throw new IllegalStateException("the gate denies the benchmark query: " + gate.check(Workload.GATE_SQL));
        }
    }

    @Benchmark
    public Optional<Violation> check() {
        return gate.check(Workload.GATE_SQL);
    }

    @Benchmark
    public OptionalInt secondStatement() {
        return StatementGate.secondStatementStart(Workload.GATE_SQL);
    }
}
