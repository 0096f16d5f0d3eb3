package io.vecbox.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link MessageEncoder#encodePart}: the bytes of a {@link Part} without building one. */
class EncodePartTest {

    private static byte[] viaMessage(long id, List<String> columns, List<List<Object>> rows) {
        return new MessageEncoder().encode(new Part(id, columns, rows)).toByteArray();
    }

    @Test
    void encodesExactlyWhatThePartMessageEncodesTo() throws ProtocolException {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(Arrays.asList(1L, "α", null, 2.5, new byte[] {1, 2, 3}));
        rows.add(Arrays.asList(Long.MIN_VALUE, "", new byte[0], -0.0, "x".repeat(70_000)));
        List<String> columns = List.of("id", "t", "n", "d", "b");

        MessageEncoder encoder = new MessageEncoder();
        byte[] direct = encoder.encodePart(42L, columns, rows).toByteArray();

        assertThat(direct).isEqualTo(viaMessage(42L, columns, rows));
        assertThat(new MessageDecoder().decode(direct, 0, direct.length)).isInstanceOf(Part.class);
    }

    @Test
    void anEmptyPartAndThenALargeOneReuseTheEncoder() {
        MessageEncoder encoder = new MessageEncoder();
        assertThat(encoder.encodePart(1L, List.of(), List.of()).toByteArray())
                .isEqualTo(viaMessage(1L, List.of(), List.of()));
        List<List<Object>> big = new ArrayList<>();
        for (long i = 0; i < 2_000; i++) {
            big.add(Arrays.asList(i, new byte[1536]));
        }
        assertThat(encoder.encodePart(2L, List.of("id", "b"), big).toByteArray())
                .isEqualTo(viaMessage(2L, List.of("id", "b"), big));
        // and a small one after it: nothing of the large part is left in the payload
        assertThat(encoder.encodePart(3L, List.of("x"), List.of(List.of(7L))).toByteArray())
                .isEqualTo(viaMessage(3L, List.of("x"), List.of(List.of(7L))));
    }

    @Test
    void aValueThatIsNotNormalisedIsRefusedAndTheEncoderStaysUsable() {
        MessageEncoder encoder = new MessageEncoder();
        List<List<Object>> rows = List.of(Arrays.asList(1L, new float[] {1f}));
        assertThatThrownBy(() -> encoder.encodePart(5L, List.of("id", "v"), rows))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not a normalised value");

        assertThat(encoder.encodePart(6L, List.of("id"), List.of(List.of(9L))).toByteArray())
                .isEqualTo(viaMessage(6L, List.of("id"), List.of(List.of(9L))));
    }
}
