package io.vecbox.cli;

import java.util.List;
import java.util.Map;

/**
 * Turns command-line parameters, each one JSON value, into query parameters:
 * {@code [0.1, 0.2]} → {@code float[]} (a sqlite-vec vector), integers → {@code Long}, other
 * numbers → {@code Double}, strings, {@code null}, {@code true}/{@code false}.
 */
final class Params {
    private Params() {
    }

    /**
     * @param args the parameters as typed
     * @return the values, in order
     * @throws CliException (usage) naming the parameter if one is not valid JSON or not a supported type
     */
    static Object[] parse(List<String> args) {
        Object[] out = new Object[args.size()];
        for (int i = 0; i < args.size(); i++) {
            out[i] = parseOne(i + 1, args.get(i));
        }
        return out;
    }

    static Object parseOne(int position, String arg) {
        Object v;
        try {
            v = Json.parse(arg);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("parameter " + position + " is not JSON (" + e.getMessage() + "): " + abbreviate(arg)
                    + "; strings need JSON quotes, e.g. '\"text\"'");
        }
        if (v instanceof List<?> list) {
            return toVector(list, "parameter " + position);
        }
        if (v instanceof Map) {
            throw CliException.usage("parameter " + position + ": JSON objects are not supported; use a number, string, "
                    + "null, true/false or an array of numbers (a vector)");
        }
        return v;
    }

    /**
     * @param list JSON numbers
     * @param what what to name in an error
     * @return them as float32
     * @throws CliException (usage) if an element is not a number
     */
    static float[] toVector(List<?> list, String what) {
        float[] vector = new float[list.size()];
        for (int j = 0; j < vector.length; j++) {
            if (!(list.get(j) instanceof Number n)) {
                throw CliException.usage(what + ": element " + (j + 1) + " of the array is not a number; arrays are "
                        + "vectors (float32)");
            }
            vector[j] = n.floatValue();
        }
        return vector;
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
