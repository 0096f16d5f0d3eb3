package io.vecbox.supervisor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The calls of the function sweep: every function of the worker's build, at every arity it
 * declares, with boundary arguments; plus the virtual-table modules and the FTS, R*Tree and vec0
 * functions in the contexts they need (fixture tables from {@link #FIXTURE}). Pure: the same
 * function list gives the same calls, in order.
 */
final class FunctionSweep {
    /** A row of {@code pragma_function_list}. */
    record Fn(String name, String type, int narg) {
    }

    /** Boundary values, as SQL expressions. */
    static final List<String> VALUES = List.of(
            "NULL", "-1", "0", "1", "2147483648", "4294967297", "9223372036854775807", "-9223372036854775808",
            "-1000000000", "1e308", "-0.5",
            "'abc'", "''", "'[1,2'", "'[1.0,2.0,3.0]'", "'{\"a\":[1,{\"b\":2}]}'", "'$[#-1]'",
            "'%s%n%.2147483647d'", "CAST(x'f0' AS TEXT)",
            "x''", "x'000000'", "x'0000803f'", "x'ffffffffffffffff'",
            // at the untrusted LENGTH limit (16 MiB): every size computed from them is near the edge
            "zeroblob(16777216)", "printf('%.*c', 16777216, 'x')");

    /** Values for the positions not under test, rotated so that each value meets several. */
    static final List<String> BASE = List.of("NULL", "1", "'abc'", "x'0000803f'");

    /** Rows whose order drives the recursive aggregates to their worst case. */
    static final String SORTED_40000 = "(WITH RECURSIVE c(v) AS (SELECT 40000 UNION ALL SELECT v - 1 FROM c"
            + " WHERE v > 1) SELECT v FROM c)";

    /** Tables the context calls use, created by the host through the writer. */
    static final List<String> FIXTURE = List.of(
            "CREATE TABLE t(id INTEGER PRIMARY KEY, v)",
            "INSERT INTO t(v) VALUES (1), (2.5), ('abc'), (x'0000803f'), (NULL)",
            "CREATE VIRTUAL TABLE ft5 USING fts5(a, b)",
            "INSERT INTO ft5 VALUES ('alpha beta gamma', 'delta'), ('beta alpha', 'alpha epsilon')",
            "CREATE VIRTUAL TABLE ft5v USING fts5vocab(ft5, 'row')",
            "CREATE VIRTUAL TABLE ft4 USING fts4(a, b)",
            "INSERT INTO ft4 VALUES ('alpha beta gamma', 'delta'), ('beta alpha', 'alpha epsilon')",
            "CREATE VIRTUAL TABLE ft4aux USING fts4aux(ft4)",
            "CREATE VIRTUAL TABLE tok USING fts3tokenize(simple)",
            "CREATE VIRTUAL TABLE rt USING rtree(id, x0, x1, y0, y1)",
            "INSERT INTO rt VALUES (1, 0, 1, 0, 1), (2, -5, 5, 2, 3)",
            "CREATE VIRTUAL TABLE vv USING vec0(embedding float[3])",
            "INSERT INTO vv(rowid, embedding) VALUES (1, '[1,2,3]'), (2, '[0,0,1]'), (3, '[-1,0.5,9]')");

    private FunctionSweep() {
    }

    /**
     * @param arity how many arguments
     * @param positions the positions that take each value in turn (the others take {@link #BASE}
     *     values, rotating)
     * @return argument tuples: one per value and position
     */
    static List<List<String>> tuples(int arity, List<Integer> positions) {
        List<List<String>> out = new ArrayList<>();
        if (arity == 0) {
            out.add(List.of());
            return out;
        }
        for (int p : positions) {
            for (int i = 0; i < VALUES.size(); i++) {
                List<String> t = new ArrayList<>(Collections.nCopies(arity, BASE.get((i + p) % BASE.size())));
                t.set(p, VALUES.get(i));
                out.add(t);
            }
        }
        return out;
    }

    /** @return {@link #tuples(int, List)} with every position taking each value */
    static List<List<String>> tuples(int arity) {
        List<Integer> all = new ArrayList<>();
        for (int p = 0; p < arity; p++) {
            all.add(p);
        }
        return tuples(arity, all);
    }

    /**
     * @param f a function row
     * @param denied whether the policy denies it: the gate refuses it by name, so one call per row
     * @return the calls of one function row. A fixed arity gets every value at every position;
     *     a variadic one ({@code narg < 0}) 0 to 4 arguments, from 3 on with the values at the
     *     first and the last position only
     */
    static List<String> calls(Fn f, boolean denied) {
        List<String> out = new ArrayList<>();
        int from = f.narg() >= 0 ? f.narg() : 0;
        int to = f.narg() >= 0 ? f.narg() : 4;
        for (int k = from; k <= to; k++) {
            List<List<String>> tuples = denied ? List.of(Collections.nCopies(k, "NULL"))
                    : f.narg() < 0 && k >= 3 ? tuples(k, List.of(0, k - 1)) : tuples(k);
            for (List<String> t : tuples) {
                String call = f.name() + "(" + String.join(", ", t) + ")";
                out.add(switch (f.type()) {
                    case "w" -> "SELECT typeof(" + call + " OVER ()) FROM (SELECT 1)";
                    case "a" -> "SELECT typeof(" + call + ") FROM (SELECT 1)";
                    default -> "SELECT typeof(" + call + ")";
                });
            }
        }
        if (!denied && (f.type().equals("a") || f.type().equals("w"))) {
            out.addAll(aggregateRuns(f));
        }
        return out;
    }

    /**
     * Aggregates over 40,000 rows in both orders (deep recursion and big buffers, if any), and
     * window functions over a sliding frame of the same rows (their inverse step). A frame that
     * grows with the partition would make accumulating functions such as {@code json_group_array}
     * quadratic, and the sweep slow, without testing anything more.
     */
    private static List<String> aggregateRuns(Fn f) {
        String second = switch (f.narg()) {
            case 1, -1 -> "";
            case 2 -> f.name().startsWith("percentile") ? ", 0.25" : f.name().equals("nth_value") ? ", 7" : ", ','";
            default -> null;
        };
        if (second == null) {
            return List.of();
        }
        String call = f.name() + "(v" + second + ")";
        List<String> out = new ArrayList<>();
        out.add("SELECT typeof(" + call + ") FROM " + SORTED_40000);
        out.add("SELECT typeof(" + call + ") FROM (SELECT v FROM " + SORTED_40000 + " ORDER BY v)");
        if (f.type().equals("w")) {
            out.add("SELECT count(x) FROM (SELECT " + call + " OVER (ORDER BY v ROWS 1 PRECEDING) AS x FROM "
                    + SORTED_40000 + ")");
        }
        return out;
    }

    /** @return calls of the virtual-table modules and of the functions that only work inside one */
    static List<String> contextCalls() {
        List<String> out = new ArrayList<>();
        for (String v : VALUES) {
            out.add("SELECT count(*) FROM json_each(" + v + ")");
            out.add("SELECT count(*) FROM json_tree(" + v + ")");
            out.add("SELECT count(*) FROM vec_each(" + v + ")");
            out.add("SELECT count(*) FROM dbstat(" + v + ")");
            out.add("SELECT count(*) FROM ft5 WHERE ft5 MATCH " + v);
            out.add("SELECT count(*) FROM ft4 WHERE ft4 MATCH " + v);
            out.add("SELECT count(*) FROM ft5 WHERE ft5 MATCH fts5_insttoken(" + v + ")");
            out.add("SELECT count(*) FROM tok WHERE input = " + v);
            out.add("SELECT count(*) FROM rt WHERE x0 > " + v + " AND y1 < " + v);
            out.add("SELECT count(*) FROM vv WHERE rowid = " + v);
            out.add("SELECT typeof(vec_distance_l2(embedding, " + v + ")) FROM vv");
            out.add("SELECT typeof(rtreenode(" + v + ", data)) FROM rt_node");
            for (String pragma : SandboxPolicy.DEFAULT_ALLOWED_PRAGMA_FUNCTIONS) {
                out.add("SELECT count(*) FROM " + pragma + "(" + v + ")");
            }
        }
        for (List<String> t : tuples(2)) {
            String args = String.join(", ", t);
            out.add("SELECT count(*) FROM json_each(" + args + ")");
            out.add("SELECT count(*) FROM json_tree(" + args + ")");
            out.add("SELECT count(*) FROM dbstat(" + args + ")");
            out.add("SELECT count(*) FROM vv WHERE embedding MATCH " + t.get(0) + " AND k = " + t.get(1));
            out.add("SELECT typeof(rtreecheck(" + args + "))");
        }
        // Compositions that make a small input huge: a bit vector of 134 M dimensions, JSON of it.
        out.add("SELECT length(vec_to_json(vec_bit(zeroblob(16777216))))");
        out.add("SELECT length(vec_to_json(vec_int8(zeroblob(16777216))))");
        out.add("SELECT vec_length(vec_bit(zeroblob(16777216)))");
        out.add("SELECT length(vec_quantize_binary(vec_f32(zeroblob(16777216))))");
        out.add("SELECT length(json_array(printf('%.*c', 16777216, 'x')))");
        out.add("SELECT count(*) FROM ft5v");
        out.add("SELECT count(*) FROM ft4aux");
        out.add("SELECT typeof(rtreecheck('rt')), typeof(rtreedepth(data)) FROM rt_node");
        // FTS auxiliary functions take the table as their first argument.
        auxiliary(out, "ft5", "bm25", 0, 3);
        auxiliary(out, "ft5", "highlight", 3, 3);
        auxiliary(out, "ft5", "snippet", 5, 5);
        auxiliary(out, "ft5", "fts5_get_locale", 1, 1);
        auxiliary(out, "ft4", "snippet", 0, 5);
        auxiliary(out, "ft4", "offsets", 0, 0);
        auxiliary(out, "ft4", "matchinfo", 0, 1);
        auxiliary(out, "ft4", "optimize", 0, 0);
        return out;
    }

    private static void auxiliary(List<String> out, String table, String function, int min, int max) {
        for (int k = min; k <= max; k++) {
            for (List<String> t : tuples(k)) {
                String args = t.isEmpty() ? "" : ", " + String.join(", ", t);
                out.add("SELECT typeof(" + function + "(" + table + args + ")) FROM " + table + " WHERE " + table
                        + " MATCH 'alpha'");
            }
        }
    }
}
