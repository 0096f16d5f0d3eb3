/**
 * JMH micro benchmarks of the request path: {@code select 1} and a primary-key lookup through a
 * pool ({@link io.vecbox.bench.jmh.PoolBenchmark}) and in-process
 * ({@link io.vecbox.bench.jmh.InProcessBenchmark}), the statement gate
 * ({@link io.vecbox.bench.jmh.GateBenchmark}) and protocol payload encode/decode
 * ({@link io.vecbox.bench.jmh.FrameBenchmark}). Run with {@code java -jar vecbox-bench.jar jmh}.
 */
package io.vecbox.bench.jmh;
