/**
 * Read replicas with Litestream: {@link io.vecbox.litestream.LitestreamBinary} (the bundled,
 * verified Litestream executable), {@link io.vecbox.litestream.Replicator} (runs
 * {@code litestream replicate} beside a writer pool and keeps it running) and
 * {@link io.vecbox.litestream.Litestream#restore} (a consistent copy of a replica in a new file) and
 * {@link io.vecbox.litestream.ReplicaRefresher} (a read-only pool kept on a fresh copy, swapped under
 * its queries).
 * See the module's README for checkpointing beside Litestream.
 */
package io.vecbox.litestream;
