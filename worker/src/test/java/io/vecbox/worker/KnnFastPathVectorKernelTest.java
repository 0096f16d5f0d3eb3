package io.vecbox.worker;

import static org.assertj.core.api.Assertions.assertThat;

/** The same differential tests with the Vector API kernel (surefire adds the incubator module). */
class KnnFastPathVectorKernelTest extends KnnFastPathTest {
    @Override
    KnnKernel kernel() {
        KnnKernel best = KnnKernel.best();
        assertThat(best.name()).as("the JVM running the tests has jdk.incubator.vector").startsWith("vector-");
        return best;
    }
}
