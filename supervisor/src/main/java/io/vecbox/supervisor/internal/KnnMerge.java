package io.vecbox.supervisor.internal;

import io.vecbox.protocol.Result;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges the parts of a scattered nearest-neighbour query into the answer the whole query would
 * have given: the parts' rows in {@link KnnOrder}, the first {@code k} of them, cut at
 * {@code maxRows} with {@code truncated} set exactly when the whole query would have set it.
 *
 * <p>Why the cut is exact: a part holds the top {@code k} rows of its chunks (or, cut at
 * {@code maxRows}, the first {@code maxRows} of them, with {@code truncated}); the whole answer's
 * first {@code min(k, maxRows)} rows are each among the first {@code min(k, maxRows)} rows of
 * their own part. The whole query is cut exactly when it has more than {@code maxRows} rows, that
 * is when a part was cut or the merged rows outnumber {@code maxRows}. The byte cap is not
 * applied here: the scatter only splits a query whose {@code k} rows cannot reach
 * {@code maxResultBytes} (see {@link Scatter}); should a part come back cut shorter than
 * {@code maxRows} all the same, the merged rows stop where the shortest cut part's do, which is as
 * far as they are exact, and are marked truncated. Stateless.
 */
final class KnnMerge {
    /** The column whose value orders the rows, by its label, ignoring case. */
    static final String DISTANCE = "distance";

    private KnnMerge() {
    }

    /**
     * @param parts the parts' answers, part {@code i} at index {@code i}
     * @param k the query's k
     * @param maxRows the row cap of the whole query
     * @param id the wire id the merged result carries (for messages)
     * @param elapsedNanos its elapsed time
     * @return the merged answer, or null if the parts cannot be merged (different columns, no
     *     distance column, a distance that is not a double, a part out of order): the query then
     *     runs whole
     */
    static Result merge(List<Result> parts, long k, int maxRows, long id, long elapsedNanos) {
        List<String> columns = parts.get(0).columns();
        int d = distanceColumn(columns);
        if (d < 0) {
            return null;
        }
        boolean truncated = false;
        long limit = Math.min(k, maxRows);
        for (Result part : parts) {
            if (!part.columns().equals(columns) || !ordered(part.rows(), d)) {
                return null;
            }
            if (part.truncated()) {
                // A cut part holds a prefix of its order: the merge is exact only as far as the
                // shortest cut part reaches (its maxRows, unless a byte cap cut it sooner).
                truncated = true;
                limit = Math.min(limit, part.rows().size());
            }
        }
        int[] next = new int[parts.size()];
        List<List<Object>> rows = new ArrayList<>((int) Math.min(limit, 1024));
        while (true) {
            int best = -1;
            for (int i = 0; i < parts.size(); i++) {
                List<List<Object>> partRows = parts.get(i).rows();
                if (next[i] < partRows.size() && (best < 0 || KnnOrder.compare(
                        distance(partRows.get(next[i]), d), i, next[i],
                        distance(parts.get(best).rows().get(next[best]), d), best, next[best]) < 0)) {
                    best = i;
                }
            }
            if (best < 0) {
                break; // every part used up: fewer rows than k
            }
            if (rows.size() == limit) {
                truncated |= limit < k; // another row within the top k: the whole query had more than maxRows
                break;
            }
            rows.add(parts.get(best).rows().get(next[best]++));
        }
        return new Result(id, columns, rows, 0, 0, truncated, elapsedNanos, List.of());
    }

    /** @return the index of the column labelled {@value #DISTANCE}, ignoring case, or -1 */
    static int distanceColumn(List<String> columns) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).equalsIgnoreCase(DISTANCE)) {
                return i;
            }
        }
        return -1;
    }

    /** @return whether every row has a double distance, in ascending order */
    private static boolean ordered(List<List<Object>> rows, int d) {
        double last = Double.NEGATIVE_INFINITY;
        for (List<Object> row : rows) {
            if (row.size() <= d || !(row.get(d) instanceof Double value) || value.isNaN() || value < last) {
                return false;
            }
            last = value;
        }
        return true;
    }

    private static double distance(List<Object> row, int d) {
        return (Double) row.get(d);
    }
}
