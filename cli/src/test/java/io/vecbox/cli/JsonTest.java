package io.vecbox.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesEveryKindOfValue() {
        Object v = Json.parse(" {\"a\": [1, -2.5, 3e2], \"b\": \"x\\n\\u0041\", \"c\": null, \"d\": true} ");
        assertThat(v).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        assertThat(m.keySet()).containsExactly("a", "b", "c", "d");
        assertThat(m.get("a")).isEqualTo(List.of(1L, -2.5, 300.0));
        assertThat(m.get("b")).isEqualTo("x\nA");
        assertThat(m.get("c")).isNull();
        assertThat(m.get("d")).isEqualTo(true);
    }

    @Test
    void integersAreLongsAndThosePastALongAreDoubles() {
        assertThat(Json.parse("7")).isEqualTo(7L);
        assertThat(Json.parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(Json.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(Json.parse("9223372036854775808")).isEqualTo(9.223372036854775808e18);
        assertThat(Json.parse("1e2")).isEqualTo(100.0);
        assertThat(Json.parse("1.0")).isEqualTo(1.0);
    }

    @Test
    void nonAsciiAndEscapesSurviveTheRoundTrip() {
        String text = "\"é 日本 \\ud83d\\ude00 \\u0000\"";
        Object v = Json.parse(text);
        assertThat(v).isEqualTo("é 日本 \uD83D\uDE00 \u0000");
        assertThat(Json.parse(Json.write(v))).isEqualTo(v);
        assertThat(Json.write(v)).isEqualTo("\"é 日本 \uD83D\uDE00 \\u0000\"");
    }

    @Test
    void writesWhatItParses() {
        String text = "{\"a\":[1,-2.5,\"x\\n\"],\"b\":{\"c\":null,\"d\":true}}";
        assertThat(Json.write(Json.parse(text))).isEqualTo(text);
    }

    @Test
    void rejectsGarbageWithThePosition() {
        assertThatThrownBy(() -> Json.parse("[1, 2")).hasMessageContaining("column 6");
        assertThatThrownBy(() -> Json.parse("01")).message().containsIgnoringCase("leading zero");
        assertThatThrownBy(() -> Json.parse("[1] x")).hasMessageContaining("after the value");
        assertThatThrownBy(() -> Json.parse("[1] [2]")).hasMessageContaining("after the value at column 5");
        assertThatThrownBy(() -> Json.parse("hello")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parse("  ")).hasMessageContaining("no JSON value");
    }

    @Test
    void errorsInTextOfSeveralLinesNameTheLine() {
        assertThatThrownBy(() -> Json.parse("[1,\n 2,\n x]")).hasMessageContaining("at line 3, column 2");
    }

    @Test
    void errorsDoNotRepeatTheInputOrJacksonsSourceNote() {
        assertThatThrownBy(() -> Json.parse("[1, 2"))
                .hasMessageNotContaining("Source")
                .hasMessageNotContaining("start marker");
    }

    @Test
    void controlCharactersInStringsMustBeEscaped() {
        assertThatThrownBy(() -> Json.parse("\"a\nb\"")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CTRL-CHAR, code 10");
    }

    @Test
    void nestingIsCapped() {
        String deep = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertThat(Json.parse(deep)).isInstanceOf(List.class);
        String tooDeep = "[" + deep + "]";
        assertThatThrownBy(() -> Json.parse(tooDeep)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void paramsMapJsonToQueryTypes() {
        Object[] p = Params.parse(List.of("[0.5, 1]", "7", "0.25", "\"s\"", "null", "false"));
        assertThat((float[]) p[0]).containsExactly(0.5f, 1f);
        assertThat(p[1]).isEqualTo(7L);
        assertThat(p[2]).isEqualTo(0.25);
        assertThat(p[3]).isEqualTo("s");
        assertThat(p[4]).isNull();
        assertThat(p[5]).isEqualTo(false);
        assertThatThrownBy(() -> Params.parse(List.of("[1, \"a\"]"))).hasMessageContaining("element 2");
    }

    @Test
    void badParameterNamesItsPositionAndColumn() {
        assertThatThrownBy(() -> Params.parse(List.of("1", "[1, 2")))
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith("parameter 2 is not JSON (")
                .hasMessageContaining("column 6")
                .hasMessageContaining("strings need JSON quotes");
    }

    @Test
    void quoteEscapes() {
        assertThat(Json.write("a\"b\\c\n\u0001")).isEqualTo("\"a\\\"b\\\\c\\n\\u0001\"");
    }
}
