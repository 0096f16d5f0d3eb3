package io.vecbox.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.vecbox.supervisor.QueryResult;
import io.vecbox.supervisor.Row;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The {@code json} output format: an array with one object per row, each row on a line of its
 * own, written by Jackson's generator:
 * <pre>
 * [
 *   {"rowid": 1, "embedding": "AACAPw==", "label": "a"},
 *   {"rowid": 2, "embedding": "AAAAAA==", "label": null}
 * ]
 * </pre>
 * Blobs (float vectors included) are base64 strings; a real that JSON cannot hold (NaN, infinite)
 * is null. An empty result is {@code []}. A class apart from {@link ResultPrinter} so that the
 * table and csv formats load none of Jackson.
 */
final class JsonResults {
    private JsonResults() {
    }

    static void print(QueryResult result, PrintStream out) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = Json.factory().createGenerator(text)) {
            g.setPrettyPrinter(new RowPerLine());
            List<String> columns = result.columns();
            g.writeStartArray();
            for (Row row : result) {
                g.writeStartObject();
                for (int c = 0; c < columns.size(); c++) {
                    g.writeFieldName(columns.get(c));
                    Object v = row.get(c);
                    if (v instanceof byte[] b) {
                        g.writeBinary(b); // standard base64 with padding, as in csv
                    } else {
                        Json.writeScalar(v, g);
                    }
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not to a StringWriter
        }
        out.println(text);
    }

    /** The top-level array one element per line, indented by two; each object on one line, {@code ", "} and {@code ": "} inside. */
    private static final class RowPerLine extends MinimalPrettyPrinter {
        private static final long serialVersionUID = 1L;

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) throws IOException {
            g.writeRaw("\n  ");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(",\n  ");
        }

        @Override
        public void writeEndArray(JsonGenerator g, int values) throws IOException {
            g.writeRaw(values == 0 ? "]" : "\n]");
        }
    }
}
