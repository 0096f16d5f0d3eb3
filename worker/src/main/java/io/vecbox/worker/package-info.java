/**
 * The vecbox worker process: {@link io.vecbox.worker.WorkerMain} and its request loop. One SQLite
 * connection with sqlite-vec per process, driven over stdin/stdout by the supervisor. Nothing
 * else depends on this package; it ships as a self-contained jar inside the supervisor.
 */
package io.vecbox.worker;
