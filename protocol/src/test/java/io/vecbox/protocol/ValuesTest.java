package io.vecbox.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ValuesTest {

    static Stream<Arguments> normalisation() {
        return Stream.of(
                Arguments.of(null, null),
                Arguments.of(5L, 5L),
                Arguments.of(Long.MIN_VALUE, Long.MIN_VALUE),
                Arguments.of(-5, -5L),
                Arguments.of(Integer.MAX_VALUE, (long) Integer.MAX_VALUE),
                Arguments.of((short) -300, -300L),
                Arguments.of((byte) -1, -1L),
                Arguments.of(1.5f, 1.5),
                Arguments.of(Float.NaN, Double.NaN),
                Arguments.of(Float.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY),
                Arguments.of(-0.0, -0.0),
                Arguments.of(true, 1L),
                Arguments.of(false, 0L),
                Arguments.of("", ""),
                Arguments.of("ünï 🚀", "ünï 🚀"),
                Arguments.of(new byte[] {1, 2}, new byte[] {1, 2}),
                Arguments.of(new float[] {1.0f, -2.0f}, new byte[] {0, 0, (byte) 0x80, 0x3f, 0, 0, 0, (byte) 0xc0}),
                Arguments.of(new float[0], new byte[0]));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("normalisation")
    void normalisesHostValues(Object in, Object expected) {
        Object out = Values.normalize(in, 0);
        assertThat(TestMessages.deepEquals(out, expected))
                .as("%s -> %s, expected %s", TestMessages.describe(in), TestMessages.describe(out),
                        TestMessages.describe(expected)).isTrue();
        if (out != null) {
            assertThat(out).isInstanceOfAny(Long.class, Double.class, String.class, byte[].class);
        }
    }

    @Test
    void unsupportedTypeNamesThePositionAndTheType() {
        assertThatThrownBy(() -> new Query(1L, "SELECT ?, ?, ?", Arrays.asList(1, null, new Date()), 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameter 3").hasMessageContaining("java.util.Date");
        assertThatThrownBy(() -> new Execute(1L, "SELECT ?", List.of(new int[] {1}), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameter 1").hasMessageContaining("int[]");
        assertThatThrownBy(() -> Values.normalize(new BigDecimal("1.5"), 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameter 5").hasMessageContaining("java.math.BigDecimal");
        assertThatThrownBy(() -> Values.copyRow(List.of('c')))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Character");
        assertThatThrownBy(() -> new ExecuteMany(1L, "x", List.of(List.of(1), List.of(1, List.of("two"))), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parameter 2");
    }

    @Test
    void aCopiedRowIsCopiedOnceAndTheCopyIsIndependentOfItsSource() {
        List<Object> source = new java.util.ArrayList<>(Arrays.asList(1, "a", null, new float[] {1.0f}));
        List<Object> copy = Values.copyRow(source);
        source.set(1, "changed");
        assertThat(copy.get(0)).isEqualTo(1L);
        assertThat(copy.get(1)).as("a copy, not a view").isEqualTo("a");
        assertThat(copy.get(2)).isNull();
        assertThat((byte[]) copy.get(3)).containsExactly(Values.floatsToBlob(new float[] {1.0f}));
        assertThat(copy).hasSize(4).isEqualTo(Arrays.asList(1L, "a", null, copy.get(3)));
        assertThatThrownBy(() -> copy.set(0, 2L)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(Values.copyRow(copy)).as("already normalised and unmodifiable").isSameAs(copy);
        Query q = new Query(1L, "select ?", copy, 0, 0, 0);
        assertThat(q.params()).isSameAs(copy);
    }

    @Test
    void aDoubleArrayOrAListOfNumbersIsAVectorLikeAFloatArrayNotAnErrorAboutDAndList12() {
        byte[] expected = Values.floatsToBlob(new float[] {1.0f, -2.5f, 0.1f});
        assertThat((byte[]) Values.normalize(new double[] {1.0, -2.5, 0.1}, 0)).containsExactly(expected);
        assertThat((byte[]) Values.normalize(List.of(1.0, -2.5, 0.1), 0)).containsExactly(expected);
        assertThat((byte[]) Values.normalize(Arrays.asList(1, -2.5f, new BigDecimal("0.1")), 0))
                .as("any Number").containsExactly(expected);
        assertThat((byte[]) Values.normalize(List.of(), 0)).isEmpty();
        assertThat((byte[]) Values.normalize(new double[] {Double.NaN, Double.NEGATIVE_INFINITY}, 0))
                .containsExactly(Values.floatsToBlob(new float[] {Float.NaN, Float.NEGATIVE_INFINITY}));
    }

    @Test
    void aVectorElementThatIsNotAFloat32NamesTheParameterAndTheElement() {
        assertThatThrownBy(() -> Values.normalize(Arrays.asList(1.0, null), 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameter 3").hasMessageContaining("element 1").hasMessageContaining("null");
        assertThatThrownBy(() -> Values.normalize(List.of(1.0, "2"), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameter 1").hasMessageContaining("element 1")
                .hasMessageContaining("java.lang.String");
        assertThatThrownBy(() -> Values.normalize(new double[] {0, 1e300}, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameter 1").hasMessageContaining("element 1")
                .hasMessageContaining("1.0E300").hasMessageContaining("float32");
        assertThatThrownBy(() -> Values.normalize(List.of(-1e39), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("float32");
    }

    @Test
    void anUnsupportedTypeIsNamedInWordsWithTheSupportedOnes() {
        assertThatThrownBy(() -> Values.normalize(new long[] {1}, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("long[]").hasMessageNotContaining("[J")
                .hasMessageContaining("float[], double[] or a List of numbers");
        assertThatThrownBy(() -> Values.normalize(java.util.Set.of(1.0), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported type Set (java.util.").hasMessageNotContaining("$");
        assertThatThrownBy(() -> Values.normalize(java.util.Map.of("a", 1), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported type Map (").hasMessageContaining("named parameters");
        assertThatThrownBy(() -> Values.normalize(new Date(), "parameter :when"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("parameter :when has unsupported type java.util.Date");
    }

    @Test
    void recordsHoldNormalisedUnmodifiableCopies() {
        List<Object> params = new java.util.ArrayList<>(List.of(1, 2.5f));
        Query q = new Query(1L, "x", params, 0, 0, 0);
        params.set(0, "changed");
        assertThat(q.params()).containsExactly(1L, 2.5);
        assertThatThrownBy(() -> q.params().add(1L)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void floatBlobRoundTrip() {
        float[] v = {0f, -0f, 1e-45f, 3.4028235e38f, Float.POSITIVE_INFINITY, Float.NaN, 0.1f};
        float[] back = Values.blobToFloats(Values.floatsToBlob(v));
        assertThat(back).hasSize(v.length);
        for (int i = 0; i < v.length; i++) {
            assertThat(Float.floatToRawIntBits(back[i])).isEqualTo(Float.floatToRawIntBits(v[i]));
        }
        assertThat(Values.blobToFloats(new byte[0])).isEmpty();
    }

    @Test
    void blobOfAWrongLengthIsNotAVector() {
        for (int len : new int[] {1, 2, 3, 5, 7}) {
            assertThatThrownBy(() -> Values.blobToFloats(new byte[len])).as("length %d", len)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(len + " bytes");
        }
    }

    @Test
    void typeNames() {
        assertThat(Values.typeName(null)).isEqualTo("nil");
        assertThat(Values.typeName(1L)).isEqualTo("int");
        assertThat(Values.typeName(1.0)).isEqualTo("float");
        assertThat(Values.typeName("s")).isEqualTo("string");
        assertThat(Values.typeName(new byte[0])).isEqualTo("binary");
    }
}
