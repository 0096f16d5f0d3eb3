package io.vecbox.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The five value types that travel in rows and parameters — nil, int64, float64, UTF-8 string,
 * binary — and the conversions into them.
 *
 * <p>Host-side Java values are normalised once, when a message is built: {@code Byte},
 * {@code Short}, {@code Integer} become {@code Long}; {@code Float} becomes {@code Double};
 * {@code Boolean} becomes {@code 1L}/{@code 0L} (SQLite has no boolean); {@code float[]}
 * becomes a little-endian float32 blob, exactly sqlite-vec's native vector format, so the
 * worker binds it with no conversion. Decoded values are always one of {@code null},
 * {@code Long}, {@code Double}, {@code String}, {@code byte[]}.
 */
public final class Values {
    private Values() {
    }

    /**
     * Copies a row of values, normalising each.
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
        List<Object> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            out.add(normalize(values.get(i), i));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Normalises one value.
     *
     * @param value the value
     * @param index its 0-based position, for the error message
     * @return null, Long, Double, String or byte[]
     * @throws IllegalArgumentException if the type cannot be sent
     */
    public static Object normalize(Object value, int index) {
        if (value == null || value instanceof Long || value instanceof Double
                || value instanceof String || value instanceof byte[]) {
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
        throw new IllegalArgumentException("parameter " + (index + 1) + " has unsupported type "
                + value.getClass().getName()
                + "; use null, Boolean, Byte, Short, Integer, Long, Float, Double, String, byte[] or float[]");
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
}
