package io.vecbox.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The five value types that travel in rows and parameters — nil, int64, float64, UTF-8 string,
 * binary — and the conversions into them.
 *
 * <p>Host-side Java values are normalised once, when a message is built: {@code Byte},
 * {@code Short}, {@code Integer} become {@code Long}; {@code Float} becomes {@code Double};
 * {@code Boolean} becomes {@code 1L}/{@code 0L} (SQLite has no boolean); a vector —
 * {@code float[]}, {@code double[]} or a {@code List} of numbers — becomes a little-endian
 * float32 blob, exactly sqlite-vec's native vector format, so the worker binds it with no
 * conversion. Decoded values are always one of {@code null},
 * {@code Long}, {@code Double}, {@code String}, {@code byte[]}.
 */
public final class Values {
    private Values() {
    }

    /**
     * The rows of a result-like message, each copied as {@link #copyRow} does, in an unmodifiable list.
     *
     * @param rows the rows; none may be null
     * @return the copy
     * @throws NullPointerException if a row is null
     * @throws IllegalArgumentException if a value is not a wire value
     */
    public static List<List<Object>> copyRows(List<List<Object>> rows) {
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            copy.add(copyRow(Objects.requireNonNull(row, "row")));
        }
        return Collections.unmodifiableList(copy);
    }

    /**
     * Copies a row of values, normalising each. A row this method returned is returned as it is:
     * it is unmodifiable and normalised already, so the messages a row passes through on its way
     * (host call, request, decoded request; rows read, result, decoded result) share one copy.
     *
     * @param values the values; may contain nulls
     * @return an unmodifiable list of normalised values
     * @throws IllegalArgumentException naming the 1-based parameter position and the Java type
     *     if a value has a type that cannot be sent
     */
    public static List<Object> copyRow(List<?> values) {
        if (values.isEmpty()) {
            return List.of();
        }
        if (values instanceof NormalizedRow row) {
            return row; // immutable and normalised already: a message built from another's rows copies nothing
        }
        Object[] out = new Object[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = normalize(values.get(i), i);
        }
        return new NormalizedRow(out);
    }

    /**
     * Normalises one value.
     *
     * @param value the value
     * @param index its 0-based position, for the error message ("parameter 3")
     * @return null, Long, Double, String or byte[]
     * @throws IllegalArgumentException if the type cannot be sent
     */
    public static Object normalize(Object value, int index) {
        if (isNormal(value)) {
            return value; // the common case, without building a label it would never use
        }
        if (value instanceof Integer i) {
            return i.longValue(); // what sqlite-jdbc's getObject returns for most integers
        }
        if (value instanceof float[] floats) {
            return floatsToBlob(floats);
        }
        return normalize(value, "parameter " + (index + 1));
    }

    /** @return whether the value is already one of the five wire types: null, Long, Double, String, byte[] */
    private static boolean isNormal(Object value) {
        return value == null || value instanceof Long || value instanceof Double
                || value instanceof String || value instanceof byte[];
    }

    /**
     * Normalises one value. Vectors — {@code float[]}, {@code double[]} and a {@code List} of
     * {@code Number}s — become a little-endian float32 blob; a {@code double} element is rounded
     * to the nearest float, and one that is finite but beyond float32's range is an error rather
     * than an infinity.
     *
     * @param value the value
     * @param label what to call it in an error message, e.g. {@code "parameter 3"} or
     *     {@code "parameter :name"}
     * @return null, Long, Double, String or byte[]
     * @throws IllegalArgumentException naming {@code label} and the type in words if the type
     *     cannot be sent, or naming the element if a vector holds a null, a non-number or a
     *     value beyond float32's range
     */
    public static Object normalize(Object value, String label) {
        if (isNormal(value)) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (value instanceof float[] floats) {
            return floatsToBlob(floats);
        }
        if (value instanceof double[] doubles) {
            float[] out = new float[doubles.length];
            for (int i = 0; i < doubles.length; i++) {
                out[i] = toFloat32(doubles[i], label, i, "double[]");
            }
            return floatsToBlob(out);
        }
        if (value instanceof List<?> list) {
            return listToBlob(list, label);
        }
        throw new IllegalArgumentException(label + " has unsupported type " + describeType(value)
                + "; use null, Boolean, Byte, Short, Integer, Long, Float, Double, String, byte[] (a blob), "
                + "or for a vector float[], double[] or a List of numbers (sent as a float32 blob)"
                + (value instanceof java.util.Map ? "; named parameters are bound from a Map given as the "
                + "whole parameter set, not as one value" : ""));
    }

    private static byte[] listToBlob(List<?> list, String label) {
        float[] out = new float[list.size()];
        int i = 0;
        for (Object e : list) {
            if (!(e instanceof Number n)) {
                throw new IllegalArgumentException(label + ": element " + i + " of the List vector is "
                        + (e == null ? "null" : "a " + describeType(e)) + ", not a number");
            }
            out[i] = n instanceof Float f ? f : toFloat32(n.doubleValue(), label, i, "List");
            i++;
        }
        return floatsToBlob(out);
    }

    private static float toFloat32(double d, String label, int element, String kind) {
        float f = (float) d;
        if (Float.isInfinite(f) && !Double.isInfinite(d)) {
            throw new IllegalArgumentException(label + ": element " + element + " of the " + kind + " vector is " + d
                    + ", beyond float32's range (±" + Float.MAX_VALUE + "); vectors travel as float32");
        }
        return f;
    }

    /** A Java type in words: {@code double[]} rather than {@code [D}, the interface of a collection. */
    private static String describeType(Object value) {
        Class<?> c = value.getClass();
        if (c.isArray()) {
            return c.getComponentType().getName() + "[]";
        }
        String kind = value instanceof java.util.Map ? "Map" : value instanceof java.util.Set ? "Set"
                : value instanceof java.util.Collection ? "Collection" : null;
        return kind == null ? c.getName() : kind + " (" + c.getName().replace('$', '.') + ")";
    }

    /**
     * @param vector a vector
     * @return its little-endian float32 encoding, 4 bytes per element (sqlite-vec's format)
     */
    public static byte[] floatsToBlob(float[] vector) {
        ByteBuffer buf = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(vector);
        return buf.array();
    }

    /**
     * @param blob a little-endian float32 blob
     * @return the floats
     * @throws IllegalArgumentException if the length is not a multiple of 4
     */
    public static float[] blobToFloats(byte[] blob) {
        if (blob.length % Float.BYTES != 0) {
            throw new IllegalArgumentException("blob of " + blob.length + " bytes is not a float32 vector (length % 4 != 0)");
        }
        float[] out = new float[blob.length / Float.BYTES];
        ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /**
     * @param value a normalised value
     * @return the wire type name of a value: nil, int, float, string or binary
     */
    public static String typeName(Object value) {
        if (value == null) {
            return "nil";
        } else if (value instanceof Long) {
            return "int";
        } else if (value instanceof Double) {
            return "float";
        } else if (value instanceof String) {
            return "string";
        } else if (value instanceof byte[]) {
            return "binary";
        }
        return value.getClass().getSimpleName();
    }

    /** A row {@link #copyRow} made: unmodifiable, every value normalised, so it never needs copying again. */
    private static final class NormalizedRow extends AbstractList<Object> implements RandomAccess {
        private final Object[] values;

        NormalizedRow(Object[] values) {
            this.values = values;
        }

        @Override
        public Object get(int index) {
            return values[index];
        }

        @Override
        public int size() {
            return values.length;
        }
    }
}
