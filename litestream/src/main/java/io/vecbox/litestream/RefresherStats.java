package io.vecbox.litestream;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of a {@link ReplicaRefresher}'s counters. Immutable.
 *
 * @param restores restores that produced a copy (including ones later refused by the check)
 * @param swaps copies put into service after the first
 * @param unchanged refreshes skipped because the replica had not moved since the copy in service
 * @param failures refreshes that failed (listing, restore, check or swap); the previous copy kept serving
 * @param lastRestore when the copy in service was restored
 * @param lastLag how old the newest WAL segment of the replica was when the copy in service was
 *     restored (Litestream lists times in whole seconds); empty before the first copy
 * @param current the copy in service
 */
public record RefresherStats(long restores, long swaps, long unchanged, long failures, Optional<Instant> lastRestore,
                             Optional<Duration> lastLag, Path current) {
}
