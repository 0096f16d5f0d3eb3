/**
 * The vecbox benchmarks: a side-by-side harness (in-process sqlite-jdbc + sqlite-vec against a
 * {@link io.vecbox.supervisor.WorkerPool} on the same data, with a raw pipe echo as the floor),
 * lifecycle measurements (pool build, worker start, idle RSS, failover) and, in
 * {@code io.vecbox.bench.jmh}, JMH micro benchmarks. Run by hand from
 * {@code bench/target/vecbox-bench.jar}; see bench/README.md. Nothing here runs as a test.
 */
package io.vecbox.bench;
