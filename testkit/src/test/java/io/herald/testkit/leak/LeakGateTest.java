package io.herald.testkit.leak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import org.junit.jupiter.api.Test;

class LeakGateTest {

    @Test
    void nettyCreatesTheFailingDetectorAtTheParanoidLevel() {
        ByteBufAllocator.DEFAULT.directBuffer(1).release(); // Netty creates the ByteBuf detector on first use

        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
        assertThat(FailingLeakDetector.watches(ByteBuf.class))
                .as("the detector of every ByteBuf is a FailingLeakDetector (-Dio.netty.customResourceLeakDetector)")
                .isTrue();
        assertThat(ResourceLeakDetectorFactory.instance().newResourceLeakDetector(Object.class))
                .isInstanceOf(FailingLeakDetector.class);
    }

    @Test
    void aPooledBufferDroppedWithoutReleaseFailsTheGate() {
        leakOneBuffer("leak-gate self-test: dropped without release");

        assertThatThrownBy(() -> LeakGate.check("SomeTest"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("a buffer leaked during or before SomeTest")
                .hasMessageContaining("LEAK: ByteBuf")
                .hasMessageContaining("leak-gate self-test: dropped without release")
                .hasMessageContaining(LeakGateTest.class.getName() + ".leakOneBuffer");
    }

    @Test
    void aReleasedBufferPassesTheGate() {
        releaseOneBuffer("leak-gate self-test: released");

        assertThatCode(() -> LeakGate.check("SomeTest")).doesNotThrowAnyException();
    }

    private static void leakOneBuffer(String hint) {
        ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(64);
        buf.writeLong(42).touch(hint);
    }

    private static void releaseOneBuffer(String hint) {
        ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(64);
        buf.writeLong(42).touch(hint);
        buf.release();
    }
}
