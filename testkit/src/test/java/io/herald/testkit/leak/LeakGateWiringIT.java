package io.herald.testkit.leak;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The integration tests' JVM (failsafe) has the leak gate too: LeakGateTest proves it for surefire's. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LeakGateWiringIT {

    @Test
    void nettyCreatesTheFailingDetectorAtTheParanoidLevel() {
        ByteBufAllocator.DEFAULT.directBuffer(1).release();

        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
        assertThat(FailingLeakDetector.watches(ByteBuf.class)).isTrue();
    }
}
