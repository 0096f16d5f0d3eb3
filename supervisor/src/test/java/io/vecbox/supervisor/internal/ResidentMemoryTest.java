package io.vecbox.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** What {@code maxWorkerRss} compares: RssAnon of /proc/&lt;pid&gt;/status, VmRSS on kernels without it. */
class ResidentMemoryTest {
    @Test
    void privateAnonymousMemoryIsPreferredOverTheWholeResidentSet() {
        assertThat(ResidentMemory.parse(List.of("Name:\tjava", "VmRSS:\t  120000 kB", "RssAnon:\t   80000 kB",
                "RssFile:\t   40000 kB"))).isEqualTo(80_000L * 1024);
    }

    @Test
    void theWholeResidentSetOnKernelsWithoutRssAnon() {
        assertThat(ResidentMemory.parse(List.of("Name:\tjava", "VmRSS:\t  120000 kB"))).isEqualTo(120_000L * 1024);
    }

    @Test
    void nothingToReadIsMinusOne() {
        assertThat(ResidentMemory.parse(List.of("Name:\tjava"))).isEqualTo(-1);
        assertThat(ResidentMemory.privateBytes(Long.MAX_VALUE)).as("no such process").isEqualTo(-1);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void thisProcessHasSome() {
        assertThat(ResidentMemory.supported()).isTrue();
        assertThat(ResidentMemory.privateBytes(ProcessHandle.current().pid())).isGreaterThan(1L << 20);
    }

    @Test
    void sizesInTheLogLine() {
        assertThat(Recycling.size(612L << 20)).isEqualTo("612 MB");
        assertThat(Recycling.size(900L << 10)).isEqualTo("900 KB");
        assertThat(Recycling.size(10_000L << 20)).isEqualTo("10,000 MB");
    }
}
