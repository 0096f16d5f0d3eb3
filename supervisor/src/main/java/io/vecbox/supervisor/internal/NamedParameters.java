package io.vecbox.supervisor.internal;

import io.vecbox.protocol.Values;
import io.vecbox.supervisor.internal.sandbox.SqlSyntaxException;
import io.vecbox.supervisor.internal.sandbox.SqlTokenizer;
import io.vecbox.supervisor.internal.sandbox.Token;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Binds named parameters ({@code :name}, {@code @name}, {@code $name}, and {@code #name}, which
 * SQLite reads as a name too) from a {@code Map} by translating them, host-side, into the
 * positional list the protocol carries. The positions are SQLite's own ("Binding Values To
 * Prepared Statements", {@code sqlite3ExprAssignVarNumber}):
 * <ul>
 *   <li>{@code ?NNN} takes index NNN and raises the statement's count to NNN if it was lower;</li>
 *   <li>{@code ?} takes the count + 1;</li>
 *   <li>a name takes the count + 1 at its first appearance, and the same index each time again.</li>
 * </ul>
 * A name is the whole token, prefix included, compared exactly: {@code :a}, {@code @a} and
 * {@code :A} are three parameters, as in SQLite. Parameters are found with the sandbox's
 * {@link SqlTokenizer}, so a name inside a string, a quoted identifier or a comment is not one.
 *
 * <p>Map keys: a key names a parameter with its prefix ({@code ":a"}) or without it
 * ({@code "a"}); a bare key that fits two parameters ({@code :a} and {@code @a}) is refused as
 * ambiguous. Every named parameter must have a key and every key a parameter. A positional
 * parameter is allowed only where SQLite gives it the index of a name ({@code :a … ?1}); any
 * other would stay unbound, so it is refused. Stateless and thread-safe.
 */
public final class NamedParameters {
    /** SQLite's default {@code SQLITE_MAX_VARIABLE_NUMBER}; a larger {@code ?NNN} never prepares. */
    private static final int MAX_VARIABLE_NUMBER = 32766;

    private NamedParameters() {
    }

    /**
     * @param sql one SQL text
     * @return each named parameter, prefix included, with its 1-based index, in order of first
     *     appearance
     * @throws IllegalArgumentException if the SQL cannot be split into tokens
     */
    public static Map<String, Integer> indexes(String sql) {
        return layout(sql).names();
    }

    /**
     * @param sql one SQL text
     * @param params values by parameter name, with or without the prefix; null values are SQL NULL
     * @return the values in SQLite's positional order, normalised as {@link Values#normalize(Object, String)}
     * @throws NullPointerException if sql or params is null
     * @throws IllegalArgumentException naming them if names are missing from the map, keys name no
     *     parameter, a key is null, ambiguous or given twice, a positional parameter has no named
     *     slot, a value has an unsupported type, or the SQL cannot be split into tokens
     */
    public static List<Object> bind(String sql, Map<String, ?> params) {
        Objects.requireNonNull(params, "params");
        Layout layout = layout(sql);
        if (!layout.unnamedPositional().isEmpty()) {
            Token t = layout.unnamedPositional().get(0);
            throw new IllegalArgumentException("positional parameter " + t.text() + " at position " + t.start()
                    + " has no value in a call that binds by name: name it (:name, @name, $name), or pass every "
                    + "value by position instead of a Map");
        }
        Map<String, String> keyOf = matchKeys(layout.names(), params);
        Object[] out = new Object[layout.count()];
        for (Map.Entry<String, Integer> e : layout.names().entrySet()) {
            out[e.getValue() - 1] = Values.normalize(params.get(keyOf.get(e.getKey())), "parameter " + e.getKey());
        }
        return Collections.unmodifiableList(Arrays.asList(out));
    }

    /** @return for each parameter name, the map key that gives its value */
    private static Map<String, String> matchKeys(Map<String, Integer> names, Map<String, ?> params) {
        Map<String, List<String>> byBareName = new HashMap<>();
        for (String name : names.keySet()) {
            byBareName.computeIfAbsent(name.substring(1), k -> new ArrayList<>()).add(name);
        }
        Map<String, String> keyOf = new HashMap<>();
        TreeSet<String> extra = new TreeSet<>();
        for (String key : params.keySet()) {
            if (key == null) {
                throw new IllegalArgumentException("the parameter map has a null key");
            }
            String name;
            if (names.containsKey(key)) {
                name = key;
            } else {
                List<String> fits = byBareName.get(key);
                if (fits == null) {
                    extra.add(key);
                    continue;
                }
                if (fits.size() > 1) {
                    throw new IllegalArgumentException("map key '" + key + "' fits the parameters " + String.join(
                            " and ", fits) + "; give the key its prefix to say which");
                }
                name = fits.get(0);
            }
            String before = keyOf.put(name, key);
            if (before != null) {
                throw new IllegalArgumentException("parameter " + name + " is given twice, as '" + before + "' and '"
                        + key + "'");
            }
        }
        List<String> missing = new ArrayList<>();
        for (String name : names.keySet()) {
            if (!keyOf.containsKey(name)) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty() || !extra.isEmpty()) {
            throw new IllegalArgumentException((missing.isEmpty() ? "" : "named parameters missing from the map: "
                    + String.join(", ", missing) + (extra.isEmpty() ? "" : "; "))
                    + (extra.isEmpty() ? "" : "map keys that name no parameter of the SQL: " + String.join(", ", extra))
                    + " (the SQL's names: " + (names.isEmpty() ? "none" : String.join(", ", names.keySet())) + ")");
        }
        return keyOf;
    }

    /**
     * @param count the statement's parameter count: its highest index
     * @param names named parameters and their indexes, in order of first appearance
     * @param unnamedPositional {@code ?} and {@code ?NNN} tokens whose index no name holds
     */
    private record Layout(int count, Map<String, Integer> names, List<Token> unnamedPositional) {
    }

    private static Layout layout(String sql) {
        List<Token> tokens;
        try {
            tokens = SqlTokenizer.tokenize(sql);
        } catch (SqlSyntaxException e) {
            throw new IllegalArgumentException("cannot find the named parameters of the SQL: " + e.getMessage(), e);
        }
        int count = 0;
        Map<String, Integer> names = new LinkedHashMap<>();
        List<Token> positional = new ArrayList<>();
        List<Integer> positionalIndex = new ArrayList<>();
        for (Token t : tokens) {
            if (t.type() != Token.Type.PARAMETER) {
                continue;
            }
            String text = t.text();
            if (text.equals("?")) {
                positional.add(t);
                positionalIndex.add(++count);
            } else if (text.charAt(0) == '?') {
                int n = number(text);
                positional.add(t);
                positionalIndex.add(n);
                if (n > count) {
                    count = n; // out of range (0, too big) never prepares: SQLite reports it
                }
            } else if (!(text.charAt(0) == '#' && Character.isDigit(text.charAt(1)))) {
                if (!names.containsKey(text)) {
                    names.put(text, ++count);
                }
            }
        }
        List<Token> unnamed = new ArrayList<>();
        for (int i = 0; i < positional.size(); i++) {
            if (!names.containsValue(positionalIndex.get(i))) {
                unnamed.add(positional.get(i));
            }
        }
        return new Layout(count, Collections.unmodifiableMap(names), unnamed);
    }

    /** @return the NNN of {@code ?NNN}, or 0 if it is out of SQLite's range */
    private static int number(String text) {
        String digits = text.substring(1).replaceFirst("^0+(?=\\d)", "");
        if (digits.length() > 5) {
            return 0;
        }
        int n = Integer.parseInt(digits);
        return n >= 1 && n <= MAX_VARIABLE_NUMBER ? n : 0;
    }
}
