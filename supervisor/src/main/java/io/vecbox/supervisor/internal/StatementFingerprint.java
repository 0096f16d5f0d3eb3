package io.vecbox.supervisor.internal;

import io.vecbox.protocol.SqlStatement;
import io.vecbox.supervisor.internal.sandbox.SqlSyntaxException;
import io.vecbox.supervisor.internal.sandbox.SqlTokenizer;
import io.vecbox.supervisor.internal.sandbox.Token;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What {@link Quarantine} knows a request by: the statement's <em>shape</em> and a digest of its
 * <em>values</em>.
 *
 * <p>The shape is the SQL as {@link SqlTokenizer} reads it, with comments and whitespace gone,
 * keywords and identifiers folded to lower case (SQLite compares identifiers ignoring ASCII case,
 * quoted or not), and every literal (number, string, blob) and every parameter replaced by
 * {@code ?}: {@code /* x *&#47; SELECT rowid FROM "T" WHERE rowid=3} and
 * {@code select rowid from t where rowid = ?} have the shape
 * {@code select rowid from t where rowid = ?}. The values are what the shape leaves out: the
 * literals in order and the parameter values, hashed (SHA-256, so no one can pick a value whose
 * digest collides with another caller's). Literals and parameters are treated alike because
 * both are input: a crashing value written into the SQL text and the same value bound as a
 * parameter are the same attack.
 *
 * <p>SQL the tokenizer refuses keeps its text, whitespace collapsed, as its shape. Both parts are
 * computed on first use: the pool asks for them only when the quarantine holds something, and
 * the digest only when the shape has crashed before. Thread-safe.
 */
public final class StatementFingerprint {
    private final List<String> sqls;
    private final List<List<Object>> paramRows;
    private String shape;
    private List<String> literals;
    private String values;

    private StatementFingerprint(List<String> sqls, List<List<Object>> paramRows) {
        this.sqls = sqls;
        this.paramRows = paramRows;
    }

    /**
     * @param sql one statement
     * @param params its parameter values (protocol types)
     * @return its fingerprint
     */
    public static StatementFingerprint of(String sql, List<Object> params) {
        return new StatementFingerprint(List.of(sql), List.of(params));
    }

    /**
     * @param sql the statement of an {@code executeMany}
     * @param rows its parameter rows
     * @return its fingerprint; every row's values count
     */
    public static StatementFingerprint ofMany(String sql, List<List<Object>> rows) {
        return new StatementFingerprint(List.of(sql), rows);
    }

    /**
     * @param statements a batch
     * @return its fingerprint: the statements' shapes joined by {@code ;}
     */
    public static StatementFingerprint ofBatch(List<SqlStatement> statements) {
        List<String> sqls = new ArrayList<>(statements.size());
        List<List<Object>> params = new ArrayList<>(statements.size());
        for (SqlStatement s : statements) {
            sqls.add(s.sql());
            params.add(s.params());
        }
        return new StatementFingerprint(sqls, params);
    }

    /** @return the normalized statement text, literals and parameters as {@code ?} */
    public synchronized String shape() {
        if (shape == null) {
            StringBuilder sb = new StringBuilder();
            List<String> found = new ArrayList<>();
            for (String sql : sqls) {
                if (sb.length() > 0) {
                    sb.append(" ; ");
                }
                normalize(sql, sb, found);
            }
            shape = sb.toString();
            literals = found;
        }
        return shape;
    }

    /** @return a hex digest of the literals and parameter values that {@link #shape()} leaves out */
    public synchronized String values() {
        if (values == null) {
            shape();
            MessageDigest d = sha256();
            for (String literal : literals) {
                update(d, 'L', literal.getBytes(StandardCharsets.UTF_8));
            }
            for (List<Object> row : paramRows) {
                d.update((byte) 'R');
                for (Object v : row) {
                    updateValue(d, v);
                }
            }
            values = HexFormat.of().formatHex(d.digest(), 0, 16);
        }
        return values;
    }

    /** Appends the shape of one statement and collects its literals. */
    private static void normalize(String sql, StringBuilder out, List<String> literals) {
        List<Token> tokens;
        try {
            tokens = SqlTokenizer.tokenize(sql);
        } catch (SqlSyntaxException e) {
            out.append(sql.strip().replaceAll("\\s+", " "));
            return;
        }
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (i > 0) {
                out.append(' ');
            }
            switch (t.type()) {
                case NUMBER, BLOB -> {
                    out.append('?');
                    literals.add(t.text());
                }
                case STRING -> {
                    out.append('?');
                    literals.add("'" + t.text());
                }
                case PARAMETER -> out.append('?');
                case WORD -> out.append(foldAscii(t.text()));
                case QUOTED_IDENTIFIER -> out.append(plainIdentifier(t.text()) ? foldAscii(t.text())
                        : '"' + foldAscii(t.text()).replace("\"", "\"\"") + '"');
                default -> out.append(t.text());
            }
        }
    }

    /** SQLite folds identifiers and keywords for ASCII letters only. */
    static String foldAscii(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (sb == null) {
                    sb = new StringBuilder(s);
                }
                sb.setCharAt(i, (char) (c + ('a' - 'A')));
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** @return whether the name would read as the same identifier unquoted */
    private static boolean plainIdentifier(String name) {
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static void updateValue(MessageDigest d, Object v) {
        if (v == null) {
            d.update((byte) 'N');
        } else if (v instanceof Long l) {
            update(d, 'I', ByteBuffer.allocate(8).putLong(l).array());
        } else if (v instanceof Double x) {
            update(d, 'F', ByteBuffer.allocate(8).putLong(Double.doubleToLongBits(x)).array());
        } else if (v instanceof String s) {
            update(d, 'S', s.getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof byte[] b) {
            update(d, 'B', b);
        } else {
            update(d, '?', (v.getClass().getName() + ":" + v).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A tag and a length before the bytes, so that no two sequences of values feed the same input. */
    private static void update(MessageDigest d, char tag, byte[] bytes) {
        d.update((byte) tag);
        d.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        d.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return shape();
    }
}
