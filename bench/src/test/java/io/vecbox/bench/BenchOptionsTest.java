package io.vecbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    @Test
    void noArgumentsRunTheFullSideBySideHarness() {
        BenchOptions o = BenchOptions.parse();
        assertThat(o.mode()).isEqualTo(BenchOptions.Mode.SIDE_BY_SIDE);
        assertThat(o.quick()).isFalse();
        assertThat(o.out()).isEqualTo(Path.of("bench", "target", "side-by-side.md"));
        assertThat(o.cliJar()).isNull();
        assertThat(o.dir()).isNull();
        assertThat(o.keep()).isFalse();
        assertThat(o.standbyWriter()).isFalse();
        assertThat(o.rows1m()).isFalse();
        assertThat(o.litestream()).isNull();
        assertThat(o.jmhArgs()).isEmpty();
    }

    @Test
    void replicaModeTakesTheLitestreamBinaryAndWritesItsOwnReport() {
        BenchOptions o = BenchOptions.parse("replica", "--rows-1m", "--litestream", "/opt/litestream", "--dir", "d");
        assertThat(o.mode()).isEqualTo(BenchOptions.Mode.REPLICA);
        assertThat(o.rows1m()).isTrue();
        assertThat(o.litestream()).isEqualTo(Path.of("/opt/litestream"));
        assertThat(o.out()).isEqualTo(Path.of("bench", "target", "replica.md"));
        assertThat(BenchOptions.parse("replica", "--out=r.md").out()).isEqualTo(Path.of("r.md"));
        assertThatThrownBy(() -> BenchOptions.parse("replica", "--litestream")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--litestream needs a value");
    }

    @Test
    void optionsTakeTheirValueAsTheNextArgumentOrAfterAnEqualsSign() {
        BenchOptions o = BenchOptions.parse("lifecycle", "--quick", "--out", "r.md", "--cli-jar=cli.jar",
                "--dir", "/tmp/b", "--keep", "--standby-writer", "--rows-1m");
        assertThat(o.mode()).isEqualTo(BenchOptions.Mode.LIFECYCLE);
        assertThat(o.quick()).isTrue();
        assertThat(o.out()).isEqualTo(Path.of("r.md"));
        assertThat(o.cliJar()).isEqualTo(Path.of("cli.jar"));
        assertThat(o.dir()).isEqualTo(Path.of("/tmp/b"));
        assertThat(o.keep()).isTrue();
        assertThat(o.standbyWriter()).isTrue();
        assertThat(o.rows1m()).isTrue();
    }

    @Test
    void jmhModePassesUnknownArgumentsOnInOrder() {
        BenchOptions o = BenchOptions.parse("jmh", "-f", "2", "--quick", "-i", "10", "Gate");
        assertThat(o.mode()).isEqualTo(BenchOptions.Mode.JMH);
        assertThat(o.quick()).isTrue();
        assertThat(o.jmhArgs()).containsExactly("-f", "2", "-i", "10", "Gate");
    }

    @Test
    void unknownOptionsAndModesAndMissingValuesAreRefusedByName() {
        assertThatThrownBy(() -> BenchOptions.parse("--fast")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option: --fast");
        assertThatThrownBy(() -> BenchOptions.parse("bench")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown mode: bench");
        assertThatThrownBy(() -> BenchOptions.parse("--out")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--out needs a value");
        assertThatThrownBy(() -> BenchOptions.parse("--dir", "--quick")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--dir needs a value");
        assertThatThrownBy(() -> BenchOptions.parse("--cli-jar=")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--cli-jar needs a value");
    }

    @Test
    void helpIsAnOptionInEveryMode() {
        assertThat(BenchOptions.parse("-h").help()).isTrue();
        assertThat(BenchOptions.parse("lifecycle", "--help").help()).isTrue();
    }
}
