package io.vecbox.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Query parameters and JSON lines as plain Java values, read and written with Jackson's streaming
 * parser and generator. Objects become {@code LinkedHashMap<String, Object>} (a repeated key keeps
 * its last value), arrays {@code List<Object>}, integers without fraction or exponent {@code Long}
 * (an integer past the range of a long a {@code Double}, as SQLite reads such a literal), other
 * numbers {@code Double}, plus {@code String}, {@code Boolean} and {@code null}.
 *
 * <p>Only the streaming API, not databind's {@code ObjectMapper}: it is all these values need, and
 * a one-shot {@code vecbox query} with a vector parameter pays for Jackson's class loading at every
 * start: tens of milliseconds for the parser's few classes, hundreds for an {@code ObjectMapper}.
 * The factory is made when this class is first used, so a command that reads and writes no JSON
 * loads none of Jackson. Stateless and thread-safe.
 */
final class Json {
    /** Deeper than any parameter or record needs; a guard against a stack overflow on hostile input. */
    static final int MAX_DEPTH = 64;

    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    /** Where Jackson names the position of an opening bracket: our message gives the error's own position. */
    private static final Pattern START_MARKER = Pattern.compile("\\s*\\(start marker at \\[Source:.*?\\]\\)");

    private Json() {
    }

    /** @return the factory that made this class's parsers and generators, for other JSON output of the CLI */
    static JsonFactory factory() {
        return FACTORY;
    }

    /**
     * @param text one JSON value, optionally surrounded by whitespace
     * @return the value
     * @throws IllegalArgumentException naming what is wrong and where ({@code at column 6}, or
     *     {@code at line 2, column 3} for text of several lines) if the text is not one JSON value
     */
    static Object parse(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new IllegalArgumentException("no JSON value" + where(p.currentLocation(), text));
            }
            Object value = value(p, first);
            JsonToken next; // Jackson reads on to further values at the top level; here there is one
            try {
                next = p.nextToken();
            } catch (JsonProcessingException garbage) {
                throw new IllegalArgumentException("unexpected text after the value" + where(garbage.getLocation(), text),
                        garbage);
            }
            if (next != null) {
                throw new IllegalArgumentException("unexpected text after the value" + where(p.currentTokenLocation(), text));
            }
            return value;
        } catch (JsonProcessingException e) {
            String what = e.getOriginalMessage();
            what = START_MARKER.matcher(what == null ? "bad JSON" : what).replaceAll("");
            throw new IllegalArgumentException(what + where(e.getLocation(), text), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not from a String
        }
    }

    private static Object value(JsonParser p, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    map.put(name, value(p, p.nextToken()));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    list.add(value(p, t));
                }
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return Double.valueOf(p.getText());
                }
                return p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IllegalStateException("token " + token + " where a value starts"); // the parser checks the syntax
        }
    }

    /** @return {@code " at column C"}, or {@code " at line L, column C"} if the text has several lines */
    private static String where(JsonLocation at, String text) {
        if (at == null || at.getColumnNr() < 1) {
            return "";
        }
        boolean oneLine = text.indexOf('\n') < 0 && text.indexOf('\r') < 0;
        return oneLine ? " at column " + at.getColumnNr() : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /**
     * @param value a value as {@link #parse} returns them (any {@code Number} will do)
     * @return it as compact JSON text, e.g. {@code {"a":["b",1]}}; strings keep non-ASCII characters
     *     and escape quotes, backslashes and control characters
     */
    static String write(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(value, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not to a StringWriter
        }
        return out.toString();
    }

    private static void write(Object value, JsonGenerator g) throws IOException {
        if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(e.getValue(), g);
            }
            g.writeEndObject();
        } else if (value instanceof List<?> list) {
            g.writeStartArray();
            for (Object element : list) {
                write(element, g);
            }
            g.writeEndArray();
        } else {
            writeScalar(value, g);
        }
    }

    /**
     * Writes a string, number, boolean or null; a double that JSON cannot hold (NaN, infinite) as
     * null, anything else as its string.
     */
    static void writeScalar(Object value, JsonGenerator g) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                g.writeNull();
            } else {
                g.writeNumber(d.doubleValue());
            }
        } else if (value instanceof Float f) {
            if (f.isNaN() || f.isInfinite()) {
                g.writeNull();
            } else {
                g.writeNumber(f.floatValue()); // its own shortest digits, not those of the double it widens to
            }
        } else if (value instanceof Number n) {
            g.writeNumber(n.toString()); // BigInteger, BigDecimal: their exact digits
        } else {
            g.writeString(String.valueOf(value));
        }
    }
}
