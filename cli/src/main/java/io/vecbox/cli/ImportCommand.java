package io.vecbox.cli;

import io.vecbox.supervisor.QueryResult;
import io.vecbox.supervisor.WorkerPool;
import io.vecbox.supervisor.WorkerPoolException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vecbox import}: bulk-loads embeddings into a vec0 table in batches, each one
 * transaction through {@code executeMany}.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Bulk-load embeddings into a vec0 table (created if missing).",
                "Formats, by extension:",
                "  .fvecs           int32 LE dim + dim float32 LE per vector; rowids are 1-based positions",
                "  .npy             2-D little-endian float32 ('<f4'), C order; rowids are 1-based positions",
                "  .jsonl / .ndjson {\"id\": 7, \"embedding\": [...]} per line; without \"id\" the position",
                "Positions continue across files. Each batch is one transaction: on a malformed record",
                "the batches before it stay committed and nothing of its own batch is written."},
        footer = {"", "Example:", "  vecbox import --db vectors.db --table items base.fvecs"})
final class ImportCommand implements Callable<Integer> {
    private static final Pattern FLOAT_DIM = Pattern.compile("float\\s*\\[\\s*(\\d+)\\s*\\]", Pattern.CASE_INSENSITIVE);

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

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Input files.")
    List<Path> files;

    private long loaded;
    private int batches;

    @Override
    public Integer call() throws IOException {
        Pools.identifier(table, "--table");
        Pools.identifier(column, "--column");
        if (batch < 1) {
            throw CliException.usage("--batch must be at least 1: " + batch);
        }
        if (dim != null && (dim < 1 || dim > FvecsSource.MAX_DIM)) {
            throw CliException.usage("--dim out of range 1.." + FvecsSource.MAX_DIM + ": " + dim);
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

        long start = System.nanoTime();
        try (WorkerPool pool = Pools.open("import", db, 1, Duration.ofSeconds(30), 10, true)) {
            Integer tableDim = existingDim(pool);
            if (tableDim != null && dim != null && !tableDim.equals(dim)) {
                throw CliException.usage("--dim " + dim + " does not match table " + table + " (float[" + tableDim + "])");
            }
            Integer expected = tableDim != null ? tableDim : dim;
            boolean exists = tableDim != null;
            if (!exists && dim != null) {
                create(pool, dim);
                exists = true;
            }
            String insert = "insert into \"" + table + "\"(rowid, \"" + column + "\") values (?, ?)";
            Progress progress = new Progress("importing", totalBytes, System.err);
            List<Object[]> pending = new ArrayList<>(batch);
            long position = 0;
            long doneBytes = 0;
            for (Path f : files) {
                try (VectorSource source = VectorSource.open(f)) {
                    VectorSource.Entry e;
                    while ((e = source.next()) != null) {
                        position++;
                        if (expected == null) {
                            expected = e.vector().length;
                        }
                        if (e.vector().length != expected) {
                            throw new MalformedInputException(f + ": record " + source.recordNumber()
                                    + ": wrong dimension " + e.vector().length + ", expected " + expected);
                        }
                        if (!exists) {
                            create(pool, expected);
                            exists = true;
                        }
                        pending.add(new Object[] {e.id() != null ? e.id() : position, e.vector()});
                        if (pending.size() == batch) {
                            flush(pool, insert, pending);
                            progress.update(doneBytes + source.bytesRead(), loaded);
                        }
                    }
                    doneBytes += source.bytesRead();
                } catch (MalformedInputException bad) {
                    progress.finish(doneBytes, loaded);
                    throw CliException.failed(bad.getMessage() + " (loaded " + String.format("%,d", loaded)
                            + " rows in " + batches + " committed batches before it; the " + pending.size()
                            + " rows of the failing batch were not written)");
                }
            }
            flush(pool, insert, pending);
            progress.finish(totalBytes, loaded);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("imported %,d rows into %s (float[%s]) from %d file%s in %,d batches, %.1f s (%,.0f rows/s)%n",
                    loaded, table, expected == null ? "?" : expected, files.size(), files.size() == 1 ? "" : "s",
                    batches, seconds, loaded / Math.max(seconds, 1e-9));
        }
        return 0;
    }

    private void flush(WorkerPool pool, String insert, List<Object[]> pending) {
        if (pending.isEmpty()) {
            return;
        }
        try {
            pool.executeMany(insert, pending);
        } catch (WorkerPoolException e) {
            throw CliException.failed("batch " + (batches + 1) + " (" + pending.size() + " rows, starting at rowid "
                    + pending.get(0)[0] + ") failed: " + e.getMessage() + " (loaded " + String.format("%,d", loaded)
                    + " rows before it)");
        }
        loaded += pending.size();
        batches++;
        pending.clear();
    }

    private Integer existingDim(WorkerPool pool) {
        QueryResult r = pool.query("select sql from sqlite_schema where type = 'table' and name = ?", table);
        if (r.size() == 0) {
            return null;
        }
        String sql = r.rows().get(0).getString(0);
        Matcher m = sql == null ? null : FLOAT_DIM.matcher(sql);
        if (m == null || !m.find()) {
            throw CliException.usage("table " + table + " exists but is not a vec0 table with a float[D] column: " + sql);
        }
        return Integer.parseInt(m.group(1));
    }

    private void create(WorkerPool pool, int d) {
        pool.execute("create virtual table \"" + table + "\" using vec0(" + column + " float[" + d + "])");
    }
}
