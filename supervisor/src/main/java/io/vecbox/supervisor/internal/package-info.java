/**
 * The engine behind {@link io.vecbox.supervisor.WorkerPool}: launching, handshaking, dispatching
 * to and restarting worker processes, the pipes to them, deadlines, leases, recycling, swaps, the
 * KNN split across readers and the pool's logs. Not an API: nothing here is stable, and a host
 * never needs it. {@code supervisor/ARCHITECTURE.md} maps the classes, their threads and the one
 * lock they share.
 */
package io.vecbox.supervisor.internal;
