/**
 * Micrometer meters for a vecbox {@link io.vecbox.supervisor.WorkerPool}: bind a
 * {@link io.vecbox.micrometer.WorkerPoolMetrics} to a {@code MeterRegistry}. Every meter is named
 * {@code vecbox.*} and tagged {@code pool}; {@code micrometer/README.md} lists them. The supervisor
 * does not depend on Micrometer: this module listens to the pool through its listener API and reads
 * its {@code stats()}.
 */
package io.vecbox.micrometer;
