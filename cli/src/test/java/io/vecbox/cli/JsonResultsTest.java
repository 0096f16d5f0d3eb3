package io.vecbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vecbox.supervisor.QueryResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonResultsTest {
    private static String print(List<String> columns, List<List<Object>> rows) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ResultPrinter.print(new QueryResult(columns, rows, false, Duration.ZERO, "worker-1#1"), OutputFormat.json, out);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void oneRowPerLineWithEveryKindOfValue() throws Exception {
        String text = print(List.of("i", "r", "s", "b", "n"), List.of(
                Arrays.asList(1L, 0.5, "é \"q\"\n\u0001", new byte[] {0, 0, (byte) 0x80, 0x3f}, null),
                Arrays.asList(-9_007_199_254_740_993L, Double.NaN, "", new byte[0], null)));

        assertThat(text).isEqualTo("[\n"
                + "  {\"i\": 1, \"r\": 0.5, \"s\": \"é \\\"q\\\"\\n\\u0001\", \"b\": \"AACAPw==\", \"n\": null},\n"
                + "  {\"i\": -9007199254740993, \"r\": null, \"s\": \"\", \"b\": \"\", \"n\": null}\n"
                + "]" + System.lineSeparator());
        JsonNode json = new ObjectMapper().readTree(text);
        assertThat(json.get(0).get("s").asText()).isEqualTo("é \"q\"\n\u0001");
        assertThat(json.get(1).get("i").asLong()).isEqualTo(-9_007_199_254_740_993L);
    }

    @Test
    void anEmptyResultIsAnEmptyArray() {
        assertThat(print(List.of("a"), List.of())).isEqualTo("[]" + System.lineSeparator());
    }
}
