/**
 * The vecbox worker process: {@link io.vecbox.worker.WorkerMain} and its request loop. One SQLite
 * connection with sqlite-vec per process, driven over stdin/stdout by the supervisor. Nothing
 * else depends on this package; it ships as a self-contained jar inside the supervisor.
 *
 * <p>{@link io.vecbox.worker.ClassDataTrainer} is the jar's second entry point: the supervisor
 * runs it in the background to make the workers' class-data archive.
 */
package io.vecbox.worker;
