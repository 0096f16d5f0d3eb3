package io.vecbox.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Typed, checked access to a decoded message map; every mismatch is a ProtocolException. */
final class Fields {
    private final Map<String, Object> map;
    private final String type;

    Fields(Map<String, Object> map) throws ProtocolException {
        this.map = map;
        Object t = map.get("type");
        if (!(t instanceof String s)) {
            throw new ProtocolException("message has no string field 'type'");
        }
        this.type = s;
    }

    String type() {
        return type;
    }

    private Object require(String name) throws ProtocolException {
        if (!map.containsKey(name)) {
            throw new ProtocolException(type + ": missing field '" + name + "'");
        }
        return map.get(name);
    }

    private ProtocolException wrong(String name, String expected, Object got) {
        return new ProtocolException(type + ": field '" + name + "' must be " + expected + ", got "
                + PayloadReader.describe(got));
    }

    boolean has(String name) {
        return map.containsKey(name);
    }

    String string(String name) throws ProtocolException {
        Object v = require(name);
        if (v instanceof String s) {
            return s;
        }
        throw wrong(name, "a string", v);
    }

    String string(String name, String dflt) throws ProtocolException {
        return map.containsKey(name) ? string(name) : dflt;
    }

    long int64(String name) throws ProtocolException {
        Object v = require(name);
        if (v instanceof Long l) {
            return l;
        }
        throw wrong(name, "an integer", v);
    }

    long int64(String name, long dflt) throws ProtocolException {
        return map.containsKey(name) ? int64(name) : dflt;
    }

    int int32(String name) throws ProtocolException {
        long v = int64(name);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new ProtocolException(type + ": field '" + name + "' out of int range: " + v);
        }
        return (int) v;
    }

    int int32(String name, int dflt) throws ProtocolException {
        return map.containsKey(name) ? int32(name) : dflt;
    }

    boolean bool(String name) throws ProtocolException {
        Object v = require(name);
        if (v instanceof Boolean b) {
            return b;
        }
        throw wrong(name, "a boolean", v);
    }

    boolean bool(String name, boolean dflt) throws ProtocolException {
        if (!map.containsKey(name)) {
            return dflt;
        }
        Object v = map.get(name);
        if (v instanceof Boolean b) {
            return b;
        }
        throw wrong(name, "a boolean", v);
    }

    List<Object> list(String name) throws ProtocolException {
        Object v = require(name);
        return asList(name, v);
    }

    private List<Object> asList(String name, Object v) throws ProtocolException {
        if (v instanceof List<?> l) {
            @SuppressWarnings("unchecked")
            List<Object> cast = (List<Object>) l;
            return cast;
        }
        throw wrong(name, "an array", v);
    }

    Map<String, Object> map(String name) throws ProtocolException {
        Object v = require(name);
        if (v instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> cast = (Map<String, Object>) m;
            return cast;
        }
        throw wrong(name, "a map", v);
    }

    List<Object> values(String name) throws ProtocolException {
        return checkValues(name, list(name));
    }

    List<List<Object>> rows(String name) throws ProtocolException {
        List<Object> raw = list(name);
        List<List<Object>> rows = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            String where = name + "[" + i + "]";
            rows.add(checkValues(where, asList(where, raw.get(i))));
        }
        return rows;
    }

    List<String> strings(String name) throws ProtocolException {
        List<Object> raw = list(name);
        List<String> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            Object v = raw.get(i);
            if (!(v instanceof String s)) {
                throw wrong(name + "[" + i + "]", "a string", v);
            }
            out.add(s);
        }
        return out;
    }

    Map<String, String> stringMap(String name) throws ProtocolException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : map(name).entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw wrong(name + "." + e.getKey(), "a string", e.getValue());
            }
            out.put(e.getKey(), s);
        }
        return out;
    }

    Map<String, Long> longMap(String name) throws ProtocolException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : map(name).entrySet()) {
            if (!(e.getValue() instanceof Long l)) {
                throw wrong(name + "." + e.getKey(), "an integer", e.getValue());
            }
            out.put(e.getKey(), l);
        }
        return out;
    }

    Fields nested(String where, Object v) throws ProtocolException {
        if (v instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> cast = new LinkedHashMap<>((Map<String, Object>) m);
            cast.putIfAbsent("type", type + "." + where);
            return new Fields(cast);
        }
        throw wrong(where, "a map", v);
    }

    private List<Object> checkValues(String name, List<Object> values) throws ProtocolException {
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            if (v != null && !(v instanceof Long) && !(v instanceof Double) && !(v instanceof String)
                    && !(v instanceof byte[])) {
                throw wrong(name + "[" + i + "]", "nil, int, float, string or binary", v);
            }
        }
        return values;
    }
}
