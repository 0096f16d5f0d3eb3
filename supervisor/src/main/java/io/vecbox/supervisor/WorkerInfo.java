package io.vecbox.supervisor;

/**
 * One worker slot at the moment of {@link WorkerPool#workers()}.
 *
 * @param name the current generation's name, e.g. {@code worker-2#3}
 * @param role {@code writer}, {@code reader}, or {@code standby}: the second writer slot of a pool
 *     with a standby writer ({@link WorkerPool.Builder#standbyWriter}); when the standby is promoted
 *     the two writer slots swap roles, so the writer is not always slot 0
 * @param state {@code STARTING}, {@code IDLE}, {@code BUSY}, {@code LEASED} (held by a transaction or
 *     a stream between its requests), {@code STANDBY} (the standby writer, ready and serving
 *     nothing), {@code STOPPING}, {@code EXITED}, {@code BACKOFF} or {@code FAILED}
 * @param pid the worker JVM's process id (also behind a command prefix that forks), or -1 if the
 *     slot has no process
 * @param generation the current generation's number: the slot's first worker is 1, each restart or
 *     recycling ({@link WorkerPool.Builder#maxRequestsPerWorker}) counts up; a replacement that
 *     failed to start leaves its number unused
 */
public record WorkerInfo(String name, String role, String state, long pid, int generation) {
}
