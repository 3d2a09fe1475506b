package io.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class PayloadTest {

    @Test
    void encoded_readsBackPublisherSequenceAndTime_paddedToSize() {
        ByteBuf buf = Payload.encode(UnpooledByteBufAllocator.DEFAULT, 64, 7, 123_456_789_012L, -42L);
        try {
            assertThat(buf.readableBytes()).isEqualTo(64);
            assertThat(Payload.isBench(buf)).isTrue();
            assertThat(Payload.publisher(buf)).isEqualTo(7);
            assertThat(Payload.seq(buf)).isEqualTo(123_456_789_012L);
            assertThat(Payload.intendedNanos(buf)).isEqualTo(-42L);
        } finally {
            buf.release();
        }
    }

    @Test
    void shorterThanTheHeader_isNotABenchMessage() {
        assertThat(Payload.isBench(Unpooled.wrappedBuffer(new byte[Payload.HEADER - 1]))).isFalse();
    }
}
