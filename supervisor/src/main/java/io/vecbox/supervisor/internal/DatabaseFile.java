package io.vecbox.supervisor.internal;

import java.nio.file.Path;

/**
 * The database file workers open, and which of the pool's files it is: {@code swaps} is how many
 * {@link DatabaseSwap}s came before it. Two files at one path (a swap to a file renamed over the
 * old one) are different files here, so a worker that started on the old one is told apart.
 *
 * @param path the file, absolute
 * @param swaps how many swaps the pool had made when it began serving this file
 */
record DatabaseFile(Path path, int swaps) {
}
