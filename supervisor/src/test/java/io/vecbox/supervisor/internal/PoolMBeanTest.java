package io.vecbox.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The pool's MXBean name. */
class PoolMBeanTest {
    @Test
    void aPlainPoolNameIsUsedAsItIs() {
        assertThat(PoolMBean.objectName("orders").toString()).isEqualTo("io.vecbox:type=WorkerPool,name=orders");
    }

    @Test
    void poolNamesThatAnObjectNameCannotHoldAreQuoted() {
        assertThat(PoolMBean.objectName("a,b=c:d").getKeyProperty("name")).isEqualTo("\"a,b=c:d\"");
        assertThat(PoolMBean.objectName("what?").getKeyProperty("name")).isEqualTo("\"what\\?\"");
    }
}
