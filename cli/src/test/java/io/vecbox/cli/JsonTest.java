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
    void writesWhatItParses() {
        String text = "{\"a\":[1,-2.5,\"x\\n\"],\"b\":{\"c\":null,\"d\":true}}";
        assertThat(Json.write(Json.parse(text))).isEqualTo(text);
    }

    @Test
    void rejectsGarbageWithTheOffset() {
        assertThatThrownBy(() -> Json.parse("[1, 2")).hasMessageContaining("offset 5");
        assertThatThrownBy(() -> Json.parse("01")).hasMessageContaining("leading zero");
        assertThatThrownBy(() -> Json.parse("[1] x")).hasMessageContaining("after the value");
        assertThatThrownBy(() -> Json.parse("hello")).isInstanceOf(IllegalArgumentException.class);
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
    void quoteEscapes() {
        assertThat(Json.quote("a\"b\\c\n\u0001")).isEqualTo("\"a\\\"b\\\\c\\n\\u0001\"");
    }
}
