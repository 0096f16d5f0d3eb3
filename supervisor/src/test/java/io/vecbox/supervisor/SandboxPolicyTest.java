package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SandboxPolicyTest {
    @Test
    void untrustedDeniesAndBoundsTheDocumentedDefaults() {
        SandboxPolicy p = SandboxPolicy.untrusted();
        assertThat(p.deniedFunctions()).isEqualTo(SandboxPolicy.DEFAULT_DENIED_FUNCTIONS)
                .contains("load_extension", "mode", "lower_quartile", "upper_quartile", "sqlite_log");
        assertThat(p.boundedFunctions()).isEqualTo(SandboxPolicy.DEFAULT_BOUNDED_FUNCTIONS)
                .contains("replicate", "padl", "padr", "padc", "rightstr");
        assertThat(p.deniedFunctions()).doesNotContainAnyElementsOf(p.boundedFunctions());
        assertThat(p.isTrusted()).isFalse();
        assertThat(p.toString()).contains("boundedFunctions=[charindex, leftstr");
    }

    @Test
    void trustedHasNoDeniedOrBoundedFunctions() {
        SandboxPolicy p = SandboxPolicy.trusted();
        assertThat(p.deniedFunctions()).isEmpty();
        assertThat(p.boundedFunctions()).isEmpty();
        assertThat(p.isTrusted()).isTrue();
    }

    @Test
    void eachFunctionIsDeniedBoundedOrAllowedNeverTwo() {
        SandboxPolicy denied = SandboxPolicy.builder().denyFunction("Replicate").build();
        assertThat(denied.deniedFunctions()).contains("replicate");
        assertThat(denied.boundedFunctions()).doesNotContain("replicate");

        SandboxPolicy bounded = SandboxPolicy.builder().denyFunction("padl").boundFunction("PADL").build();
        assertThat(bounded.boundedFunctions()).contains("padl");
        assertThat(bounded.deniedFunctions()).doesNotContain("padl");

        SandboxPolicy allowed = SandboxPolicy.builder().allowFunction("padc").allowFunction("mode").build();
        assertThat(allowed.boundedFunctions()).doesNotContain("padc");
        assertThat(allowed.deniedFunctions()).doesNotContain("mode");
    }

    @Test
    void onlyFunctionsWithACheckedImplementationCanBeBounded() {
        assertThatThrownBy(() -> SandboxPolicy.builder().boundFunction("instr"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("boundFunction: no checked implementation of instr()")
                .hasMessageContaining("replicate");
        assertThatThrownBy(() -> SandboxPolicy.builder().boundFunction(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
        assertThatThrownBy(() -> SandboxPolicy.builder().boundFunction(null)).isInstanceOf(NullPointerException.class);
    }
}
