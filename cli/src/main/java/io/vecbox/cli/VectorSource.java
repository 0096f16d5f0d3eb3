package io.vecbox.cli;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Reads embeddings from one file, one record at a time. Not thread-safe.
 */
interface VectorSource extends Closeable {
    /**
     * One embedding.
     *
     * @param id the rowid given by the file, or null if the record has none (a position is used)
     * @param vector the values
     * @param fields the record's other fields by name, in file order (JSON lines only; else empty)
     */
    record Entry(Long id, float[] vector, Map<String, Object> fields) {
        /** A record with no fields besides its vector. */
        Entry(Long id, float[] vector) {
            this(id, vector, Map.of());
        }
    }

    /**
     * @return the next record, or null at the end of the file
     * @throws MalformedInputException naming the file and record if it cannot be read
     * @throws IOException if the file cannot be read
     */
    Entry next() throws MalformedInputException, IOException;

    /** @return bytes consumed so far, for progress */
    long bytesRead();

    /** @return the 1-based number of the last record returned (or the failing one) */
    long recordNumber();

    /**
     * @param file an input file
     * @return a reader picked by its extension: .fvecs, .npy, .jsonl/.ndjson/.json
     * @throws CliException (usage) for another extension
     * @throws MalformedInputException for an .npy header it cannot load
     * @throws IOException if it cannot be opened
     */
    static VectorSource open(Path file) throws IOException, MalformedInputException {
        String name = checkFormat(file);
        if (name.endsWith(".fvecs")) {
            return new FvecsSource(file);
        }
        if (name.endsWith(".npy")) {
            return new NpySource(file);
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            return new JsonLinesSource(file);
        }
        throw new AssertionError(name);
    }

    /**
     * @param file an input file
     * @return its lower-case name
     * @throws CliException (usage) if its extension names no known format
     */
    static String checkFormat(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String ext : new String[] {".fvecs", ".npy", ".jsonl", ".ndjson", ".json"}) {
            if (name.endsWith(ext)) {
                return name;
            }
        }
        throw CliException.usage("unknown input format (expected .fvecs, .npy, .jsonl or .ndjson): " + file);
    }
}
