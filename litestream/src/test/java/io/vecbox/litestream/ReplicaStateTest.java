package io.vecbox.litestream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplicaStateTest {
    @Test
    void parsesTheWalListingAndItsNewestTime() {
        ReplicaState s = ReplicaState.parse("""
                replica  generation        index  offset  size  created
                file     29275193a7b5ed5f  0      0       451   2026-12-02T07:39:24Z
                file     29275193a7b5ed5f  0      16512   91    2026-12-02T07:39:25Z
                """);
        assertThat(s.segments()).containsExactly("file 29275193a7b5ed5f 0 0 451 2026-12-02T07:39:24Z",
                "file 29275193a7b5ed5f 0 16512 91 2026-12-02T07:39:25Z");
        assertThat(s.newest()).contains(Instant.parse("2026-12-02T07:39:25Z"));
        assertThat(s.isEmpty()).isFalse();
    }

    @Test
    void aHeaderAloneOrNoiseIsEmpty() {
        assertThat(ReplicaState.parse("replica  generation  index  offset  size  created\n").isEmpty()).isTrue();
        assertThat(ReplicaState.parse("time=x level=ERROR msg=oops\n")).isEqualTo(ReplicaState.EMPTY);
    }
}
