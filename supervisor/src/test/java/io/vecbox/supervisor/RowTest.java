package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.vecbox.protocol.Values;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The getters a JDBC user expects, with checked conversions: issue 8 item 16. */
class RowTest {
    private static final float[] VEC = {1.0f, -2.5f};

    private final Row row = new QueryResult(
            List.of("small", "big", "neg", "flag", "off", "two", "real", "huge", "name", "vec", "nothing"),
            List.of(Arrays.asList(42L, 3_000_000_000L, (long) Integer.MIN_VALUE, 1L, 0L, 2L, 0.1, 1e300, "text",
                    Values.floatsToBlob(VEC), null)),
            false, Duration.ZERO, "w").rows().get(0);

    @Test
    void getIntReturnsAnIntegerThatFits() {
        assertThat(row.getInt(0)).isEqualTo(42);
        assertThat(row.getInt("small")).isEqualTo(42);
        assertThat(row.getInt("neg")).isEqualTo(Integer.MIN_VALUE);
    }

    @Test
    void getIntOfAnIntegerBeyondIntRangeIsAnErrorNotASilentWrap() {
        assertThatIllegalStateException().isThrownBy(() -> row.getInt("big"))
                .withMessage("column 1 ('big') is 3000000000, beyond int's range; use getLong");
        assertThatIllegalStateException().isThrownBy(() -> row.getInt("real"))
                .withMessage("column 6 ('real') is a real, not an integer");
        assertThatIllegalStateException().isThrownBy(() -> row.getInt("nothing"))
                .withMessage("column 10 ('nothing') is NULL");
    }

    @Test
    void getBooleanReadsZeroAndOneOnly() {
        assertThat(row.getBoolean(3)).isTrue();
        assertThat(row.getBoolean("flag")).isTrue();
        assertThat(row.getBoolean("off")).isFalse();
        assertThatIllegalStateException().isThrownBy(() -> row.getBoolean("two"))
                .withMessage("column 5 ('two') is the integer 2, not a boolean (0 or 1)");
        assertThatIllegalStateException().isThrownBy(() -> row.getBoolean("name"))
                .withMessage("column 8 ('name') is text, not a boolean (0 or 1)");
        assertThatIllegalStateException().isThrownBy(() -> row.getBoolean("nothing"))
                .withMessage("column 10 ('nothing') is NULL");
    }

    @Test
    void getFloatRoundsButDoesNotOverflowToInfinity() {
        assertThat(row.getFloat("real")).isEqualTo(0.1f);
        assertThat(row.getFloat(0)).isEqualTo(42f);
        assertThatIllegalStateException().isThrownBy(() -> row.getFloat("huge"))
                .withMessage("column 7 ('huge') is 1.0E300, beyond float's range; use getDouble");
        assertThatIllegalStateException().isThrownBy(() -> row.getFloat("name"))
                .withMessage("column 8 ('name') is text, not a number");
    }

    @Test
    void isNullByName() {
        assertThat(row.isNull("nothing")).isTrue();
        assertThat(row.isNull("NOTHING")).isTrue();
        assertThat(row.isNull("small")).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> row.isNull("missing"));
    }

    @Test
    void getObjectConvertsLikeTheTypedGetters() {
        assertThat(row.getObject(0, Long.class)).isEqualTo(42L);
        assertThat(row.getObject("small", long.class)).isEqualTo(42L);
        assertThat(row.getObject("small", Integer.class)).isEqualTo(42);
        assertThat(row.getObject("small", int.class)).isEqualTo(42);
        assertThat(row.getObject("small", Double.class)).isEqualTo(42.0);
        assertThat(row.getObject("real", double.class)).isEqualTo(0.1);
        assertThat(row.getObject("real", Float.class)).isEqualTo(0.1f);
        assertThat(row.getObject("flag", Boolean.class)).isTrue();
        assertThat(row.getObject("off", boolean.class)).isFalse();
        assertThat(row.getObject("name", String.class)).isEqualTo("text");
        assertThat(row.getObject("vec", float[].class)).containsExactly(VEC);
        assertThat(row.getObject("vec", byte[].class)).containsExactly(Values.floatsToBlob(VEC));
        assertThat(row.getObject("real", Number.class)).isEqualTo(0.1);
        assertThat(row.getObject("small", Number.class)).isEqualTo(42L);
        assertThat(row.getObject("name", Object.class)).isEqualTo("text");
        assertThatIllegalStateException().isThrownBy(() -> row.getObject("big", Integer.class))
                .withMessageContaining("beyond int's range");
        assertThatIllegalStateException().isThrownBy(() -> row.getObject("name", Number.class))
                .withMessage("column 8 ('name') is text, not a number");
    }

    @Test
    void getObjectOfNullIsNullForEveryType() {
        for (Class<?> type : List.of(Long.class, long.class, Integer.class, int.class, Double.class, Float.class,
                Boolean.class, boolean.class, String.class, byte[].class, float[].class, Number.class, Object.class)) {
            assertThat(row.getObject("nothing", type)).as(type.getName()).isNull();
            assertThat(row.getObject(10, type)).as(type.getName()).isNull();
        }
    }

    @Test
    void getObjectOfAnUnsupportedTypeNamesTheSupportedOnesEvenForNull() {
        assertThatIllegalArgumentException().isThrownBy(() -> row.getObject("small", java.math.BigDecimal.class))
                .withMessageContaining("java.math.BigDecimal").withMessageContaining("Long").withMessageContaining("float[]");
        assertThatIllegalArgumentException().isThrownBy(() -> row.getObject("nothing", java.util.Date.class))
                .withMessageContaining("java.util.Date");
        assertThatNullPointerException().isThrownBy(() -> row.getObject(0, null)).withMessage("type");
    }

    @Test
    void getLongOfNullThrowsAndGetObjectIsTheNullableWay() {
        assertThatIllegalStateException().isThrownBy(() -> row.getLong("nothing"))
                .withMessage("column 10 ('nothing') is NULL");
        assertThat(row.getObject("nothing", Long.class)).isNull();
    }
}
