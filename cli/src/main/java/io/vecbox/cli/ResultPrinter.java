package io.vecbox.cli;

import io.vecbox.supervisor.QueryResult;
import io.vecbox.supervisor.Row;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Prints a {@link QueryResult} as an aligned table, RFC 4180 CSV or a JSON array of objects
 * ({@link JsonResults}). Blobs (float vectors included) are base64 in CSV and JSON and abbreviated
 * hex in the table.
 */
final class ResultPrinter {
    private static final int MAX_TABLE_CELL = 60;

    private ResultPrinter() {
    }

    static void print(QueryResult result, OutputFormat format, PrintStream out) {
        switch (format) {
            case table -> table(result, out);
            case csv -> csv(result, out);
            case json -> JsonResults.print(result, out);
        }
        out.flush();
    }

    private static void table(QueryResult result, PrintStream out) {
        List<String> columns = result.columns();
        int n = columns.size();
        if (n == 0) {
            return;
        }
        List<String[]> cells = new ArrayList<>(result.size());
        int[] width = new int[n];
        boolean[] numeric = new boolean[n];
        java.util.Arrays.fill(numeric, true);
        for (int c = 0; c < n; c++) {
            width[c] = columns.get(c).length();
        }
        for (Row row : result) {
            String[] line = new String[n];
            for (int c = 0; c < n; c++) {
                Object v = row.get(c);
                line[c] = tableCell(v);
                width[c] = Math.max(width[c], line[c].length());
                if (v != null && !(v instanceof Number)) {
                    numeric[c] = false;
                }
            }
            cells.add(line);
        }
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < n; c++) {
            pad(sb, columns.get(c), width[c], false, c == n - 1);
        }
        out.println(sb.toString().stripTrailing());
        sb.setLength(0);
        for (int c = 0; c < n; c++) {
            sb.append("-".repeat(width[c]));
            if (c < n - 1) {
                sb.append("  ");
            }
        }
        out.println(sb);
        for (String[] line : cells) {
            sb.setLength(0);
            for (int c = 0; c < n; c++) {
                pad(sb, line[c], width[c], numeric[c], c == n - 1);
            }
            out.println(sb.toString().stripTrailing());
        }
    }

    private static void pad(StringBuilder sb, String s, int width, boolean right, boolean last) {
        String fill = " ".repeat(width - s.length());
        sb.append(right ? fill + s : s + (last ? "" : fill));
        if (!last) {
            sb.append("  ");
        }
    }

    private static String tableCell(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof byte[] b) {
            StringBuilder hex = new StringBuilder("x'");
            int shown = Math.min(b.length, 16);
            for (int i = 0; i < shown; i++) {
                hex.append(String.format("%02x", b[i] & 0xff));
            }
            hex.append('\'');
            if (shown < b.length) {
                hex.append("... (").append(b.length).append(" bytes)");
            }
            return hex.toString();
        }
        String s = String.valueOf(v).replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
        return s.length() <= MAX_TABLE_CELL ? s : s.substring(0, MAX_TABLE_CELL - 3) + "...";
    }

    private static void csv(QueryResult result, PrintStream out) {
        StringBuilder sb = new StringBuilder();
        List<String> columns = result.columns();
        for (int c = 0; c < columns.size(); c++) {
            if (c > 0) {
                sb.append(',');
            }
            sb.append(csvField(columns.get(c)));
        }
        sb.append("\r\n");
        for (Row row : result) {
            for (int c = 0; c < columns.size(); c++) {
                if (c > 0) {
                    sb.append(',');
                }
                Object v = row.get(c);
                if (v == null) {
                    continue;
                }
                sb.append(csvField(v instanceof byte[] b ? Base64.getEncoder().encodeToString(b) : String.valueOf(v)));
            }
            sb.append("\r\n");
        }
        out.print(sb);
    }

    private static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
