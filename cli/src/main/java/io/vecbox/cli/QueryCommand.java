package io.vecbox.cli;

import io.vecbox.supervisor.QueryResult;
import io.vecbox.supervisor.WorkerPool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vecbox query}: one read-only query through a pool with one reader. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Run one read-only query on a reader worker and print the rows.",
                "Parameters are JSON values: [0.1, 0.2] is a float32 vector, 7 an integer, 0.5 a real, "
                        + "\"text\" a string, plus null, true and false. Blobs (vectors included) print as base64 "
                        + "in csv and json, as abbreviated hex in table."},
        footer = {"", "Example:",
                "  vecbox query --db demo.db \\",
                "    \"select rowid, distance from items where embedding match ? and k = 3\" \\",
                "    '[0.1, 0.2, 0.3, 0.4]'"})
final class QueryCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(names = "--db", required = true, paramLabel = "FILE", description = "The database file (must exist).")
    Path db;

    @Mixin
    QueryPoolOptions options;

    @Option(names = "--format", paramLabel = "table|csv|json", defaultValue = "table",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Parameters(index = "0", paramLabel = "SQL", description = "One statement.")
    String sql;

    @Parameters(index = "1..*", paramLabel = "PARAM", description = "Its parameters, each one JSON value.")
    List<String> params = new ArrayList<>();

    @Override
    public Integer call() {
        options.validate();
        Object[] values = Params.parse(params);
        Path database = Pools.existing(db);
        try (WorkerPool pool = options.open("query", database, options.timeout, false)) {
            QueryResult result = pool.query(sql, values);
            ResultPrinter.print(result, format, System.out);
            if (result.truncated()) {
                System.err.println("vecbox: note: result truncated after " + Plural.count(result.size(), "row") + " (--max-rows "
                        + options.maxRows + ")");
            }
        }
        return 0;
    }
}
