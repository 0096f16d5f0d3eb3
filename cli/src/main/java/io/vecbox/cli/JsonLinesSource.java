package io.vecbox.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON lines: one object per line, {@code {"id": 7, "embedding": [0.1, 0.2, ...]}}. {@code id}
 * (an integer) is optional; without it the record's position is its rowid. Any other fields come
 * with the record, for columns of the same name. Blank lines are skipped; a record's number is
 * its line number.
 */
final class JsonLinesSource implements VectorSource {
    private final Path file;
    private final CountingInputStream counting;
    private final BufferedReader reader;
    private long line;

    JsonLinesSource(Path file) throws IOException {
        this.file = file;
        this.counting = new CountingInputStream(Files.newInputStream(file));
        this.reader = new BufferedReader(new InputStreamReader(counting, StandardCharsets.UTF_8), 1 << 16);
    }

    @Override
    public Entry next() throws MalformedInputException, IOException {
        String text;
        do {
            text = reader.readLine();
            if (text == null) {
                return null;
            }
            line++;
        } while (text.isBlank());
        Object value;
        try {
            value = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw error("bad JSON: " + e.getMessage());
        }
        if (!(value instanceof Map<?, ?> obj)) {
            throw error("not a JSON object");
        }
        Long id = null;
        Object rawId = obj.get("id");
        if (rawId != null) {
            if (!(rawId instanceof Long l)) {
                throw error("\"id\" is not an integer: " + rawId);
            }
            id = l;
        }
        if (!(obj.get("embedding") instanceof List<?> list)) {
            throw error("no \"embedding\" array");
        }
        if (list.isEmpty()) {
            throw error("\"embedding\" is empty");
        }
        float[] v = new float[list.size()];
        for (int i = 0; i < v.length; i++) {
            if (!(list.get(i) instanceof Number n)) {
                throw error("\"embedding\" element " + (i + 1) + " is not a number");
            }
            v[i] = n.floatValue();
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Map.Entry<?, ?> field : obj.entrySet()) {
            if (!"id".equals(field.getKey()) && !"embedding".equals(field.getKey())) {
                fields.put((String) field.getKey(), field.getValue());
            }
        }
        return new Entry(id, v, fields);
    }

    private MalformedInputException error(String what) {
        return new MalformedInputException(file + ": record " + line + ": " + what);
    }

    @Override
    public long bytesRead() {
        return counting.count();
    }

    @Override
    public long recordNumber() {
        return line;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
