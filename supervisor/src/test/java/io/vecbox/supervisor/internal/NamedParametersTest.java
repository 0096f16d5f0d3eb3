package io.vecbox.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.vecbox.protocol.Values;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Translation of named parameters to SQLite's positions: pure logic, no worker. */
class NamedParametersTest {
    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    @Test
    void eachPrefixNamesAParameter() {
        assertThat(NamedParameters.bind("select :a", map("a", 1))).containsExactly(1L);
        assertThat(NamedParameters.bind("select @a", map("a", 1))).containsExactly(1L);
        assertThat(NamedParameters.bind("select $a", map("a", 1))).containsExactly(1L);
        assertThat(NamedParameters.bind("select #a", map("a", 1))).as("SQLite reads #name as a name too")
                .containsExactly(1L);
    }

    @Test
    void aNameTakesTheNextIndexAtItsFirstAppearanceAndARepeatReusesIt() {
        assertThat(NamedParameters.indexes("select :b, :a, :b, :c, :a"))
                .containsExactly(Map.entry(":b", 1), Map.entry(":a", 2), Map.entry(":c", 3));
        assertThat(NamedParameters.bind("select :b, :a, :b", map("a", "A", "b", "B"))).containsExactly("B", "A");
    }

    @Test
    void positionalParametersShiftTheNumberingAsInSqlite() {
        // ?NNN takes index NNN and raises the count; a name takes the count + 1; so does a bare ?.
        assertThat(NamedParameters.indexes("select ?, :a, ?5, :b, :a, ?"))
                .containsExactly(Map.entry(":a", 2), Map.entry(":b", 6));
        assertThat(NamedParameters.indexes("select ?5, :b, :a"))
                .containsExactly(Map.entry(":b", 6), Map.entry(":a", 7));
        assertThat(NamedParameters.indexes("select :a, ?1, :b"))
                .containsExactly(Map.entry(":a", 1), Map.entry(":b", 2));
    }

    @Test
    void aNumberedParameterOnANamedSlotGetsThatNamesValue() {
        assertThat(NamedParameters.bind("select :a, ?1", map("a", 5))).containsExactly(5L);
        assertThat(NamedParameters.bind("select :a, :b, ?2", map("a", 1, "b", 2))).containsExactly(1L, 2L);
    }

    @Test
    void aPositionalParameterWithoutANamedSlotIsRefusedInAMapCall() {
        assertThatIllegalArgumentException().isThrownBy(() -> NamedParameters.bind("select :a, ?", map("a", 1)))
                .withMessageContaining("positional parameter ? at position 11")
                .withMessageContaining("by name");
        assertThatIllegalArgumentException().isThrownBy(() -> NamedParameters.bind("select ?1, :a", map("a", 1)))
                .withMessageContaining("positional parameter ?1 at position 7");
        assertThatIllegalArgumentException().isThrownBy(() -> NamedParameters.bind("select ?3", map()))
                .withMessageContaining("?3");
    }

    @Test
    void prefixesAreDifferentParametersAsInSqlite() {
        assertThat(NamedParameters.indexes("select :a, @a, $a"))
                .containsExactly(Map.entry(":a", 1), Map.entry("@a", 2), Map.entry("$a", 3));
        assertThat(NamedParameters.bind("select :a, @a", map(":a", 1, "@a", 2))).containsExactly(1L, 2L);
        assertThatIllegalArgumentException().isThrownBy(() -> NamedParameters.bind("select :a, @a", map("a", 1)))
                .withMessageContaining("'a'").withMessageContaining(":a").withMessageContaining("@a")
                .withMessageContaining("prefix");
    }

    @Test
    void aKeyMayCarryItsPrefixOrNot() {
        assertThat(NamedParameters.bind("select :a, @b", map(":a", 1, "b", 2))).containsExactly(1L, 2L);
        assertThatIllegalArgumentException().isThrownBy(() -> NamedParameters.bind("select :a", map("a", 1, ":a", 2)))
                .withMessageContaining("twice").withMessageContaining("'a'").withMessageContaining("':a'");
        assertThatIllegalArgumentException().isThrownBy(() -> NamedParameters.bind("select :a", map("@a", 1)))
                .as("a key with another prefix is another parameter")
                .withMessageContaining("missing").withMessageContaining("@a");
    }

    @Test
    void namesAreCaseSensitiveAsInSqlite() {
        assertThat(NamedParameters.indexes("select :a, :A")).containsExactly(Map.entry(":a", 1), Map.entry(":A", 2));
        assertThatIllegalArgumentException().isThrownBy(() -> NamedParameters.bind("select :a", map("A", 1)));
    }

    @Test
    void namesInStringsCommentsAndQuotedIdentifiersAreNotParameters() {
        String sql = "select ':x', \":y\" as \"@y\", [$z], /* :c */ :a -- :d\n, 'it''s :e'";
        assertThat(NamedParameters.indexes(sql)).containsExactly(Map.entry(":a", 1));
        assertThat(NamedParameters.bind(sql, map("a", 1))).containsExactly(1L);
    }

    @Test
    void tclStyleNamesAreWholeTokens() {
        assertThat(NamedParameters.indexes("select $a::b, $c(x), :d")).containsOnlyKeys("$a::b", "$c(x)", ":d");
        assertThat(NamedParameters.bind("select $a::b", map("a::b", 1))).containsExactly(1L);
    }

    @Test
    void missingAndExtraNamesAreNamedInOneError() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> NamedParameters.bind("select :a, :b, @c", map("a", 1, "x", 2, "y", 3)))
                .withMessageContaining("missing from the map: :b, @c")
                .withMessageContaining("no parameter of the SQL: x, y")
                .withMessageContaining("the SQL's names: :a, :b, @c");
        assertThatIllegalArgumentException().isThrownBy(() -> NamedParameters.bind("select 1", map("a", 1)))
                .withMessageContaining("no parameter of the SQL: a");
        assertThat(NamedParameters.bind("select 1", map())).isEmpty();
    }

    @Test
    void valuesAreNormalisedAndNamedInTypeErrors() {
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("n", null);
        assertThat(NamedParameters.bind("select :n", withNull)).containsExactly((Object) null);
        assertThat(NamedParameters.bind("select :t, :f", map("t", true, "f", 1.5f))).containsExactly(1L, 1.5);
        assertThat((byte[]) NamedParameters.bind("select :v", map("v", new double[] {1, 2})).get(0))
                .containsExactly(Values.floatsToBlob(new float[] {1, 2}));
        assertThat((byte[]) NamedParameters.bind("select :v", map("v", List.of(1.0, 2.0))).get(0))
                .containsExactly(Values.floatsToBlob(new float[] {1, 2}));
        assertThatIllegalArgumentException().isThrownBy(() -> NamedParameters.bind("select :when", map("when", new Date())))
                .withMessageStartingWith("parameter :when has unsupported type java.util.Date");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> NamedParameters.bind("select :v", map("v", Arrays.asList(1.0, null))))
                .withMessageStartingWith("parameter :v: element 1");
    }

    @Test
    void badInputIsRefusedClearly() {
        assertThatNullPointerException().isThrownBy(() -> NamedParameters.bind("select :a", null)).withMessage("params");
        assertThatNullPointerException().isThrownBy(() -> NamedParameters.bind(null, map())).withMessage("sql");
        Map<String, Object> nullKey = new HashMap<>();
        nullKey.put(null, 1);
        assertThatIllegalArgumentException().isThrownBy(() -> NamedParameters.bind("select :a", nullKey))
                .withMessageContaining("null key");
        assertThatIllegalArgumentException().isThrownBy(() -> NamedParameters.bind("select ':a", map("a", 1)))
                .withMessageContaining("unterminated string literal at position 7");
    }
}
