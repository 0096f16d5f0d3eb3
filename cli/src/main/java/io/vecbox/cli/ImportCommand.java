package io.vecbox.cli;

import io.vecbox.supervisor.WorkerPool;
import io.vecbox.supervisor.WorkerPoolException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vecbox import}: bulk-loads embeddings into a vec0 table in batches, each one
 * transaction on the writer. Reads the first record before it starts any worker, so an empty
 * or unreadable input creates nothing; removes a database file it created if it fails later.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Bulk-load embeddings into a vec0 table (created if missing).",
                "Formats, by extension:",
                "  .fvecs           int32 LE dim, then dim float32 LE, per vector",
                "  .npy             2-D little-endian float32 ('<f4'), C order",
                "  .jsonl / .ndjson {\"id\": 7, \"embedding\": [...], ...} per line",
                "A record's rowid is its JSON \"id\", else its position across all files counted from --start-id, "
                        + "which defaults to one past the table's largest rowid (1 for a new or empty table): "
                        + "a second import appends.",
                "Other JSON fields go into the table's columns of the same name (vec0 metadata, partition key "
                        + "or +auxiliary columns: create the table with them first). The import names the fields "
                        + "that have no column, once, and skips them.",
                "Each batch is one transaction. If the import fails, a database file it created is removed; in "
                        + "a database that existed, the batches before the failure stay committed. An input "
                        + "without records is an error."},
        footer = {"", "Examples:", "  vecbox import --db vectors.db --table items base.fvecs",
                "  vecbox import --db vectors.db --table items more.fvecs      # appends"})
final class ImportCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(names = "--db", required = true, paramLabel = "FILE", description = "The database file (created if missing).")
    Path db;

    @Option(names = "--table", required = true, paramLabel = "T", description = "The vec0 table.")
    String table;

    @Option(names = "--column", paramLabel = "C", defaultValue = "embedding",
            description = "The vector column (default: ${DEFAULT-VALUE}).")
    String column;

    @Option(names = "--dim", paramLabel = "D",
            description = "Vector dimension (default: the existing table's, else the first record's).")
    Integer dim;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1000",
            description = "Rows per transaction (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--start-id", paramLabel = "N",
            description = "Rowid of the first record without an id; the next ones count up from it "
                    + "(default: the table's largest rowid + 1, or 1).")
    Long startId;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Input files.")
    List<Path> files;

    private long loaded;
    private int batches;
    private int pendingRows;
    private long firstRowid = Long.MAX_VALUE;
    private long lastRowid = Long.MIN_VALUE;
    private final Set<String> ignored = new LinkedHashSet<>();

    @Override
    public Integer call() throws IOException {
        long totalBytes = validate();
        boolean existed = Files.exists(db);
        try (Records records = new Records(files)) {
            VectorSource.Entry first;
            try {
                first = records.next();
            } catch (MalformedInputException e) {
                throw CliException.failed(e.getMessage());
            }
            if (first == null) {
                throw CliException.failed("no records in " + files.stream().map(Path::toString)
                        .collect(Collectors.joining(", ")) + ": nothing to import");
            }
            if (dim != null && first.vector().length != dim) {
                throw CliException.failed(records.file() + ": record " + records.recordNumber() + ": wrong dimension "
                        + first.vector().length + ", expected " + dim + " (--dim)");
            }
            long poolStart = System.nanoTime();
            WorkerPool pool = Pools.open("import", db, 1, Duration.ofSeconds(30), 10, true, false);
            try {
                load(pool, records, first, totalBytes, System.nanoTime() - poolStart);
            } catch (MalformedInputException | CliException | WorkerPoolException | IOException e) {
                pool.close();
                int code = e instanceof CliException c ? c.exitCode() : CliException.FAILED;
                throw new CliException(code, e.getMessage() + " (" + aftermath(existed) + ")", e);
            } catch (RuntimeException | Error e) {
                pool.close();
                if (!existed) {
                    removeDatabase();
                }
                throw e;
            } finally {
                pool.close();
                noteIgnoredFields();
            }
        }
        return 0;
    }

    /** @return the total size of the input files */
    private long validate() throws IOException {
        Pools.identifier(table, "--table");
        Pools.identifier(column, "--column");
        if (batch < 1) {
            throw CliException.usage("--batch must be at least 1: " + batch);
        }
        if (dim != null && (dim < 1 || dim > FvecsSource.MAX_DIM)) {
            throw CliException.usage("--dim out of range 1.." + FvecsSource.MAX_DIM + ": " + dim);
        }
        if (startId != null && startId < 1) {
            throw CliException.usage("--start-id must be at least 1: " + startId);
        }
        long totalBytes = 0;
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw CliException.usage("input file not found: " + f);
            }
            VectorSource.checkFormat(f);
            totalBytes += Files.size(f);
        }
        Path parent = db.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw CliException.usage("directory of --db does not exist: " + parent);
        }
        return totalBytes;
    }

    private void load(WorkerPool pool, Records records, VectorSource.Entry first, long totalBytes,
                      long workerStartNanos) throws IOException, MalformedInputException {
        ImportTable target = ImportTable.inspect(pool, table, column);
        if (target.exists() && dim != null && !target.dim().equals(dim)) {
            throw CliException.usage("--dim " + dim + " does not match table " + table + " (float[" + target.dim()
                    + "])");
        }
        int expected = target.exists() ? target.dim() : dim != null ? dim : first.vector().length;
        long start = startId != null ? startId : target.maxRowid() != null ? target.maxRowid() + 1 : 1;
        long began = System.nanoTime(); // the rate counts from here: the workers are up
        if (!target.exists()) {
            check(records, first, expected);
            pool.execute(ImportTable.create(table, column, expected));
        }
        Map<String, Integer> columnIndex = new HashMap<>();
        for (int i = 0; i < target.columns().size(); i++) {
            columnIndex.put(target.columns().get(i).toLowerCase(Locale.ROOT), i);
        }
        String insert = target.insert(table, column);
        Progress progress = new Progress("importing", totalBytes, System.err);
        List<Object[]> pending = new ArrayList<>(batch);
        boolean positional = false;
        for (VectorSource.Entry e = first; e != null; e = records.next()) {
            check(records, e, expected);
            positional |= e.id() == null;
            pending.add(row(e, e.id() != null ? e.id() : start + records.position() - 1, columnIndex));
            pendingRows = pending.size();
            if (pending.size() == batch) {
                flush(pool, insert, pending);
                progress.update(records.bytesRead(), loaded);
            }
        }
        flush(pool, insert, pending);
        progress.finish(totalBytes, loaded);
        double seconds = (System.nanoTime() - began) / 1e9;
        System.out.printf("imported %s into %s (float[%d]) from %s in %s, %s%s%n", Plural.count(loaded, "row"),
                table, expected, Plural.count(files.size(), "file"), Plural.count(batches, "batch"), rowids(),
                positional && startId == null && target.maxRowid() != null
                        ? " (appended: the table's largest rowid was " + target.maxRowid()
                                + "; --start-id sets the first one)" : "");
        System.out.printf(Locale.ROOT, "took %.1f s (%,.0f rows/s), plus %.1f s to start the workers%n", seconds,
                loaded / Math.max(seconds, 1e-9), workerStartNanos / 1e9);
    }

    private void check(Records records, VectorSource.Entry e, int expected) throws MalformedInputException {
        if (e.vector().length != expected) {
            throw new MalformedInputException(records.file() + ": record " + records.recordNumber()
                    + ": wrong dimension " + e.vector().length + ", expected " + expected);
        }
    }

    /** @return the parameters of one insert: rowid, vector, then the table's other columns */
    private Object[] row(VectorSource.Entry e, long rowid, Map<String, Integer> columnIndex) {
        Object[] row = new Object[2 + columnIndex.size()];
        row[0] = rowid;
        row[1] = e.vector();
        for (Map.Entry<String, Object> field : e.fields().entrySet()) {
            Integer i = columnIndex.get(field.getKey().toLowerCase(Locale.ROOT));
            if (i == null) {
                ignored.add(field.getKey());
                continue;
            }
            Object v = field.getValue();
            row[2 + i] = v instanceof Boolean b ? (Object) (b ? 1L : 0L)
                    : v instanceof List<?> || v instanceof Map<?, ?> ? Json.write(v) : v;
        }
        return row;
    }

    private void flush(WorkerPool pool, String insert, List<Object[]> pending) {
        if (pending.isEmpty()) {
            return;
        }
        try {
            pool.executeMany(insert, pending);
        } catch (WorkerPoolException e) {
            throw CliException.failed("batch " + (batches + 1) + " (" + Plural.count(pending.size(), "row")
                    + ", starting at rowid " + pending.get(0)[0] + ") failed: " + e.getMessage());
        }
        for (Object[] row : pending) {
            long rowid = (Long) row[0];
            firstRowid = Math.min(firstRowid, rowid);
            lastRowid = Math.max(lastRowid, rowid);
        }
        loaded += pending.size();
        batches++;
        pending.clear();
        pendingRows = 0;
    }

    /** @return what a failure left: nothing (a new database is removed), or the committed batches */
    private String aftermath(boolean existed) {
        if (!existed) {
            return removeDatabase() ? "nothing was imported: removed the new database " + db
                    : "could not remove the new database " + db + "; delete it and its -wal and -shm files";
        }
        String left = loaded == 0 ? "nothing was imported"
                : "loaded " + Plural.count(loaded, "row") + " (" + rowids() + ") in "
                        + Plural.count(batches, "committed batch") + " before it";
        return pendingRows == 0 ? left : left + "; the " + Plural.count(pendingRows, "row") + " of the failing batch "
                + (pendingRows == 1 ? "was" : "were") + " not written";
    }

    /** @return the range of rowids loaded, e.g. {@code rowids 1..1000} */
    private String rowids() {
        return firstRowid == lastRowid ? "rowid " + firstRowid : "rowids " + firstRowid + ".." + lastRowid;
    }

    /** @return whether the database file and its companions are gone (the pool must be closed) */
    private boolean removeDatabase() {
        boolean removed = true;
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            Path f = Path.of(db + suffix);
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                removed = false;
            }
        }
        return removed;
    }

    private void noteIgnoredFields() {
        if (!ignored.isEmpty()) {
            System.err.println("vecbox: note: ignored the " + Plural.noun(ignored.size(), "field") + " "
                    + String.join(", ", ignored) + ": table " + table + " has no " + (ignored.size() == 1
                    ? "column of that name" : "columns of those names") + " (vec0 metadata or +auxiliary columns "
                    + "take them)");
        }
    }
}
