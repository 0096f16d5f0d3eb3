package io.vecbox.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NumPy {@code .npy}, versions 1 to 3: the magic {@code \x93NUMPY}, a version, a little-endian
 * header length (2 bytes in v1, 4 in v2/v3), then a Python dict literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (1000, 128), }}. Only 2-D, C-order,
 * little-endian float32 arrays are accepted; each row is one record without an id.
 */
final class NpySource implements VectorSource {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_HEADER = 1 << 20;

    private final Path file;
    private final CountingInputStream counting;
    private final InputStream in;
    private final long rows;
    private final int dim;
    private long record;

    NpySource(Path file) throws IOException, MalformedInputException {
        this.file = file;
        this.counting = new CountingInputStream(Files.newInputStream(file));
        this.in = new BufferedInputStream(counting, 1 << 16);
        try {
            byte[] start = in.readNBytes(8);
            if (start.length < 8 || !java.util.Arrays.equals(start, 0, 6, MAGIC, 0, 6)) {
                throw header("not an .npy file (no \\x93NUMPY magic)");
            }
            int major = start[6] & 0xff;
            int headerLength;
            if (major == 1) {
                byte[] len = in.readNBytes(2);
                if (len.length < 2) {
                    throw header("truncated header");
                }
                headerLength = (len[0] & 0xff) | (len[1] & 0xff) << 8;
            } else if (major == 2 || major == 3) {
                byte[] len = in.readNBytes(4);
                if (len.length < 4) {
                    throw header("truncated header");
                }
                headerLength = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt();
            } else {
                throw header("unsupported .npy version " + major + "." + (start[7] & 0xff));
            }
            if (headerLength < 0 || headerLength > MAX_HEADER) {
                throw header("header length " + headerLength + " out of range");
            }
            byte[] text = in.readNBytes(headerLength);
            if (text.length < headerLength) {
                throw header("truncated header");
            }
            Map<String, Object> dict = parseHeader(new String(text,
                    major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
            Object descr = dict.get("descr");
            if (!(descr instanceof String)) {
                throw header("no 'descr' (dtype) in the header");
            }
            if (!"<f4".equals(descr)) {
                throw header("dtype '" + descr + "' is not supported; only little-endian float32 ('<f4'), "
                        + "e.g. np.save(f, a.astype('<f4'))");
            }
            if (!Boolean.FALSE.equals(dict.get("fortran_order"))) {
                throw header("fortran_order arrays are not supported; save a C-order array "
                        + "(np.ascontiguousarray)");
            }
            if (!(dict.get("shape") instanceof List<?> shape) || shape.size() != 2) {
                throw header("shape " + dict.get("shape") + " is not 2-D (rows, dim)");
            }
            this.rows = (Long) shape.get(0);
            long d = (Long) shape.get(1);
            if (d < 1 || d > FvecsSource.MAX_DIM) {
                throw header("dimension " + d + " out of range 1.." + FvecsSource.MAX_DIM);
            }
            this.dim = (int) d;
        } catch (MalformedInputException | IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private MalformedInputException header(String what) {
        return new MalformedInputException(file + ": header: " + what);
    }

    @Override
    public Entry next() throws MalformedInputException, IOException {
        if (record >= rows) {
            return null;
        }
        record++;
        byte[] data = new byte[dim * 4];
        int got = in.readNBytes(data, 0, data.length);
        if (got < data.length) {
            throw new MalformedInputException(file + ": record " + record + ": truncated (the header promises "
                    + Plural.count(rows, "row") + " of " + dim + " float32, the file ends inside row " + record + ")");
        }
        float[] v = new float[dim];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return new Entry(null, v);
    }

    @Override
    public long bytesRead() {
        return counting.count();
    }

    @Override
    public long recordNumber() {
        return record;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /**
     * Parses the header's Python literal: a dict of string keys to strings, booleans, integers
     * and tuples.
     */
    Map<String, Object> parseHeader(String text) throws MalformedInputException {
        PyLiteral p = new PyLiteral(text.strip());
        Object value;
        try {
            value = p.value();
            if (p.pos != p.s.length()) {
                throw new IllegalArgumentException("unexpected text at offset " + p.pos);
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw header("cannot parse " + Params.abbreviate(text.strip()) + ": " + e.getMessage());
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw header("not a dict: " + Params.abbreviate(text.strip()));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> dict = (Map<String, Object>) m;
        return dict;
    }

    /** A recursive-descent reader for the few Python literals an .npy header holds. */
    private static final class PyLiteral {
        final String s;
        int pos;

        PyLiteral(String s) {
            this.s = s;
        }

        Object value() {
            skip();
            char c = s.charAt(pos);
            if (c == '{') {
                pos++;
                Map<String, Object> map = new LinkedHashMap<>();
                while (true) {
                    skip();
                    if (s.charAt(pos) == '}') {
                        pos++;
                        return map;
                    }
                    Object key = value();
                    if (!(key instanceof String k)) {
                        throw new IllegalArgumentException("dict key is not a string at offset " + pos);
                    }
                    skip();
                    expect(':');
                    map.put(k, value());
                    skip();
                    if (s.charAt(pos) == ',') {
                        pos++;
                    } else if (s.charAt(pos) != '}') {
                        throw new IllegalArgumentException("expected ',' or '}' at offset " + pos);
                    }
                }
            }
            if (c == '(' || c == '[') {
                char close = c == '(' ? ')' : ']';
                pos++;
                List<Object> list = new ArrayList<>();
                while (true) {
                    skip();
                    if (s.charAt(pos) == close) {
                        pos++;
                        return list;
                    }
                    list.add(value());
                    skip();
                    if (s.charAt(pos) == ',') {
                        pos++;
                    } else if (s.charAt(pos) != close) {
                        throw new IllegalArgumentException("expected ',' or '" + close + "' at offset " + pos);
                    }
                }
            }
            if (c == '\'' || c == '"') {
                int end = s.indexOf(c, pos + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated string at offset " + pos);
                }
                String str = s.substring(pos + 1, end);
                pos = end + 1;
                return str;
            }
            if (s.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            int start = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            if (pos == start) {
                throw new IllegalArgumentException("unexpected '" + c + "' at offset " + pos);
            }
            long n = Long.parseLong(s.substring(start, pos));
            if (pos < s.length() && s.charAt(pos) == 'L') {
                pos++; // Python 2 long suffix
            }
            return n;
        }

        void skip() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        void expect(char c) {
            if (s.charAt(pos) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at offset " + pos);
            }
            pos++;
        }
    }
}
