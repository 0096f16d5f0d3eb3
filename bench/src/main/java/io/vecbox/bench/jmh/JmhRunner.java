package io.vecbox.bench.jmh;

import java.util.List;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks of this package with short defaults (one fork, 3 × 1 s warm-up,
 * 5 × 1 s measurement; {@code --quick}: 1 × 0.5 s and 2 × 0.5 s), so that all of them take a few
 * minutes. Any JMH option given on the command line wins over these defaults, and a benchmark
 * pattern replaces the default of all benchmarks here (e.g. {@code jmh -f 2 -i 10 Gate}).
 */
public final class JmhRunner {
    private JmhRunner() {
    }

    /**
     * @param quick shorter defaults
     * @param args JMH's own command line
     */
    public static void run(boolean quick, List<String> args) throws Exception {
        CommandLineOptions cmd = new CommandLineOptions(args.toArray(new String[0]));
        if (cmd.shouldHelp()) {
            cmd.showHelp();
            return;
        }
        ChainedOptionsBuilder options = new OptionsBuilder().parent(cmd);
        if (cmd.getIncludes().isEmpty()) {
            options.include(JmhRunner.class.getPackageName().replace(".", "\\.") + "\\..*Benchmark.*");
        }
        if (!cmd.getForkCount().hasValue()) {
            options.forks(1);
        }
        if (!cmd.getWarmupIterations().hasValue()) {
            options.warmupIterations(quick ? 1 : 3);
        }
        if (!cmd.getWarmupTime().hasValue()) {
            options.warmupTime(TimeValue.milliseconds(quick ? 500 : 1000));
        }
        if (!cmd.getMeasurementIterations().hasValue()) {
            options.measurementIterations(quick ? 2 : 5);
        }
        if (!cmd.getMeasurementTime().hasValue()) {
            options.measurementTime(TimeValue.milliseconds(quick ? 500 : 1000));
        }
        Runner runner = new Runner(options.build());
        if (cmd.shouldList()) {
            runner.list();
            return;
        }
        runner.run();
    }
}
