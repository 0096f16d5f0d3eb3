package io.vecbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MachineInfoTest {
    @Test
    void overloadedComparesTheOneMinuteLoadWithTheCores() {
        assertThat(MachineInfo.overloaded("2.51 0.88 0.32", 2)).isTrue();
        assertThat(MachineInfo.overloaded("1.99 9.00 9.00", 2)).isFalse();
        assertThat(MachineInfo.overloaded("unknown", 2)).isFalse();
    }
}
