package io.vecbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vecbox.supervisor.SandboxPolicy;
import io.vecbox.supervisor.internal.sandbox.StatementGate;
import org.junit.jupiter.api.Test;

class WorkloadTest {
    @Test
    void theGateQueryIsTwoHundredCharactersThatTheDefaultPolicyAccepts() {
        assertThat(Workload.GATE_SQL).hasSize(200);
        SandboxPolicy p = SandboxPolicy.untrusted();
        StatementGate gate = new StatementGate(p.allowedPragmaFunctions(), p.deniedFunctions(), p.maxSqlLength());
        // A denied query would measure the cost of a refusal, not of the check every query pays.
        assertThat(gate.check(Workload.GATE_SQL)).isEmpty();
    }

    @Test
    void vectorsTravelAsLittleEndianFloat32() {
        byte[] blob = BenchData.blob(new float[] {1.0f, -2.0f});
        // 1.0f = 0x3F800000, -2.0f = 0xC0000000, lowest byte first
        assertThat(blob).containsExactly(0x00, 0x00, (byte) 0x80, 0x3F, 0x00, 0x00, 0x00, (byte) 0xC0);
    }
}
