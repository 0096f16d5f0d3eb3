package io.vecbox.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layout of one vec0 table as far as the KNN fast path needs it, read from its
 * {@code CREATE VIRTUAL TABLE} text (the only place vec0 keeps element type and metric): the
 * chunk size, the float32 vector columns with their dimensions and metric, and the partition key
 * columns. Tables with anything the fast path does not handle (metadata or auxiliary columns, a
 * declared primary key, int8 or bit vectors, an option it does not know) are not described at all:
 * {@link #parse} answers null and their queries go through vec0.
 *
 * <p>Storage facts (vec0 v0.1.9): {@code <t>_chunks(chunk_id INTEGER PRIMARY KEY, size,
 * [sequence_id, partition00 ...,] validity BLOB, rowids BLOB)} with one validity bit per slot
 * (bit {@code i % 8} of byte {@code i / 8}) and one little-endian int64 rowid per slot;
 * {@code <t>_vector_chunksNN(rowid PRIMARY KEY, vectors BLOB)} whose SQLite rowid is the chunk_id,
 * holding {@code chunk_size} little-endian float32 vectors of one column back to back; NN is the
 * column's position among the table's vector columns, two digits. Immutable.
 *
 * @param name the table name as stored in the schema
 * @param chunkSize vectors per chunk (vec0's default 1,024)
 * @param vectors the vector columns in declaration order (index = NN)
 * @param partitions the partition key columns in declaration order (index = the NN of partitionNN)
 */
record Vec0Table(String name, int chunkSize, List<VectorColumn> vectors, List<String> partitions) {
    /** vec0's chunk size when the table names none. */
    static final int DEFAULT_CHUNK_SIZE = 1024;

    /** Distance metrics the fast path computes exactly as vec0 does. */
    enum Metric { L2, COSINE }

    /** A float32 vector column: its name, position among vector columns, dimensions and metric. */
    record VectorColumn(String name, int index, int dimensions, Metric metric) {
        /** @return bytes of one vector */
        int vectorBytes() {
            return dimensions * Float.BYTES;
        }
    }

    private static final Pattern CREATE = Pattern.compile(
            "(?is)\\s*create\\s+virtual\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?(.+?)\\s+using\\s+vec0\\s*\\((.*)\\)\\s*;?\\s*");
    private static final Pattern VECTOR = Pattern.compile(
            "(?i)([A-Za-z_][A-Za-z0-9_]*)\\s+(?:float|f32)\\s*\\[\\s*([0-9]{1,6})\\s*\\]"
                    + "(?:\\s+distance_metric\\s*=\\s*(l2|cosine))?");
    private static final Pattern PARTITION = Pattern.compile(
            "(?i)([A-Za-z_][A-Za-z0-9_]*)\\s+(?:integer|text)\\s+partition\\s+key");
    private static final Pattern CHUNK_SIZE = Pattern.compile("(?i)chunk_size\\s*=\\s*([0-9]{1,5})");
    /** Names that vec0 uses itself: a user column spelled so would make a select list ambiguous. */
    private static final List<String> RESERVED = List.of("rowid", "distance", "k");

    /**
     * @param name the table's name as stored in {@code sqlite_master}
     * @param sql its {@code CREATE VIRTUAL TABLE} text
     * @return the layout, or null if this is not a vec0 table the fast path handles
     */
    static Vec0Table parse(String name, String sql) {
        if (sql == null) {
            return null;
        }
        Matcher m = CREATE.matcher(sql);
        if (!m.matches()) {
            return null;
        }
        String body = m.group(2);
        if (body.indexOf('(') >= 0 || body.indexOf(')') >= 0 || body.indexOf('\'') >= 0
                || body.indexOf('"') >= 0 || body.indexOf('`') >= 0 || body.indexOf("--") >= 0
                || body.indexOf("/*") >= 0) {
            return null; // vec0 splits its arguments at commas; anything nested or quoted is not ours to read
        }
        int chunkSize = -1;
        List<VectorColumn> vectors = new ArrayList<>();
        List<String> partitions = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String raw : body.split(",", -1)) {
            String arg = raw.trim();
            Matcher v = VECTOR.matcher(arg);
            Matcher p = PARTITION.matcher(arg);
            Matcher c = CHUNK_SIZE.matcher(arg);
            if (v.matches()) {
                int dims = Integer.parseInt(v.group(2));
                if (dims <= 0) {
                    return null;
                }
                Metric metric = v.group(3) == null ? Metric.L2 : Metric.valueOf(v.group(3).toUpperCase(Locale.ROOT));
                vectors.add(new VectorColumn(v.group(1), vectors.size(), dims, metric));
                names.add(v.group(1));
            } else if (p.matches()) {
                partitions.add(p.group(1));
                names.add(p.group(1));
            } else if (c.matches() && chunkSize < 0) {
                chunkSize = Integer.parseInt(c.group(1));
                if (chunkSize <= 0 || chunkSize % 8 != 0) {
                    return null;
                }
            } else {
                return null; // metadata, auxiliary, primary key, int8/bit vectors, L1, unknown options
            }
        }
        if (vectors.isEmpty()) {
            return null;
        }
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i).toLowerCase(Locale.ROOT);
            if (RESERVED.contains(n)) {
                return null;
            }
            for (int j = 0; j < i; j++) {
                if (names.get(j).equalsIgnoreCase(n)) {
                    return null;
                }
            }
        }
        return new Vec0Table(name, chunkSize < 0 ? DEFAULT_CHUNK_SIZE : chunkSize, List.copyOf(vectors),
                List.copyOf(partitions));
    }

    /** @return the vector column of this name (ASCII case-insensitive), or null */
    VectorColumn vector(String column) {
        for (VectorColumn v : vectors) {
            if (v.name().equalsIgnoreCase(column)) {
                return v;
            }
        }
        return null;
    }

    /** @return the partition key index of this name (ASCII case-insensitive), or -1 */
    int partition(String column) {
        for (int i = 0; i < partitions.size(); i++) {
            if (partitions.get(i).equalsIgnoreCase(column)) {
                return i;
            }
        }
        return -1;
    }

    /** @return the quoted name of a shadow table: {@code "<table><suffix>"} */
    String shadow(String suffix) {
        return '"' + (name + suffix).replace("\"", "\"\"") + '"';
    }
}
