package io.vecbox.litestream;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a replica holds, as {@code litestream wal} lists it: one line per WAL segment
 * ({@code replica generation index offset size created}). Two states with equal
 * {@link #segments()} mean nothing was shipped in between. Immutable.
 *
 * @param segments the listing's data lines, whitespace-normalised, in Litestream's order
 * @param newest the newest segment's creation time (whole seconds, as Litestream prints it), if any
 */
public record ReplicaState(List<String> segments, Optional<Instant> newest) {
    /** The state of a replica that holds nothing. */
    public static final ReplicaState EMPTY = new ReplicaState(List.of(), Optional.empty());

    /** Copies the list. */
    public ReplicaState {
        segments = List.copyOf(segments);
    }

    /** @return true when no segment was listed: nothing replicated yet */
    public boolean isEmpty() {
        return segments.isEmpty();
    }

    /**
     * Pure: parses the output of {@code litestream wal URL}.
     *
     * @param output what the command printed
     * @return the state
     */
    static ReplicaState parse(String output) {
        List<String> segments = new ArrayList<>();
        Instant newest = null;
        for (String line : output.split("\\R")) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 6 || f[0].equals("replica") || !f[2].matches("\\d+") || !f[3].matches("\\d+")) {
                continue;
            }
            segments.add(String.join(" ", f));
            try {
                Instant created = Instant.parse(f[5]);
                if (newest == null || created.isAfter(newest)) {
                    newest = created;
                }
            } catch (DateTimeParseException e) {
                // a listing without a time still tells whether something changed
            }
        }
        return new ReplicaState(segments, Optional.ofNullable(newest));
    }
}
