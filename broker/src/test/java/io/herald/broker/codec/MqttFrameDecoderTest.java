package io.herald.broker.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.Test;

class MqttFrameDecoderTest {

    private static final PartialPacketBudget BUDGET = PartialPacketBudget.forMaxPacketSize(1024);

    private static final byte[] PINGREQ = {(byte) 0xC0, 0x00};
    private static final byte[] PUBLISH = {
        0x30, 0x05, // PUBLISH QoS 0, remaining length 5
        0x00, 0x01, 't', // topic "t"
        'h', 'i' // payload
    };

    @Test
    void splitsSeveralPacketsInOneBuffer() {
        EmbeddedChannel ch = new EmbeddedChannel(new MqttFrameDecoder(1024, BUDGET));
        ch.writeInbound(Unpooled.wrappedBuffer(PUBLISH, PINGREQ));

        assertFrame(ch.readInbound(), PUBLISH);
        assertFrame(ch.readInbound(), PINGREQ);
        assertThat((Object) ch.readInbound()).isNull();
    }

    @Test
    void waitsForAPacketSplitAcrossReads() {
        EmbeddedChannel ch = new EmbeddedChannel(new MqttFrameDecoder(1024, BUDGET));
        for (byte b : PUBLISH) {
            assertThat((Object) ch.readInbound()).isNull();
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertFrame(ch.readInbound(), PUBLISH);
    }

    @Test
    void multiByteRemainingLength() {
        byte[] packet = new byte[3 + 200];
        packet[0] = 0x30;
        packet[1] = (byte) (200 % 128 | 0x80); // 200 = 72 + 1 × 128
        packet[2] = 0x01;
        EmbeddedChannel ch = new EmbeddedChannel(new MqttFrameDecoder(1024, BUDGET));
        ch.writeInbound(Unpooled.wrappedBuffer(packet));
        assertFrame(ch.readInbound(), packet);
    }

    @Test
    void rejectsAPacketOverTheLimitFromItsHeader() {
        EmbeddedChannel ch = new EmbeddedChannel(new MqttFrameDecoder(100, BUDGET));
        // remaining length 16,384 announced; the body never needs to arrive
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x30, (byte) 0x80, (byte) 0x80, 0x01})))
                .isInstanceOf(TooLongFrameException.class);
    }

    @Test
    void rejectsAFiveByteRemainingLength() {
        EmbeddedChannel ch = new EmbeddedChannel(new MqttFrameDecoder(Integer.MAX_VALUE, BUDGET));
        byte[] bad = {0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01};
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(bad))).isInstanceOf(DecoderException.class);
    }

    @Test
    void largePacketsStillArriving_countAgainstTheBudget_andTheOneThatWouldExceedItFails() {
        PartialPacketBudget budget = new PartialPacketBudget(300_000);
        EmbeddedChannel a = new EmbeddedChannel(new MqttFrameDecoder(1 << 20, budget));
        EmbeddedChannel b = new EmbeddedChannel(new MqttFrameDecoder(1 << 20, budget));
        byte[] packet = largePublish(200_000);

        a.writeInbound(Unpooled.wrappedBuffer(packet, 0, 150_000));
        assertThat(budget.used()).isEqualTo(150_000);
        b.writeInbound(Unpooled.wrappedBuffer(packet, 0, 100_000));
        assertThat(budget.used()).isEqualTo(250_000);
        assertThatThrownBy(() -> b.writeInbound(Unpooled.wrappedBuffer(packet, 100_000, 60_000)))
                .isInstanceOf(PartialPacketBudget.Exhausted.class);
        assertThat(budget.used()).as("the failed packet gave its share back").isEqualTo(150_000);

        a.writeInbound(Unpooled.wrappedBuffer(packet, 150_000, packet.length - 150_000));
        assertFrame(a.readInbound(), packet);
        assertThat(budget.used()).as("a whole packet gives its share back").isZero();
        b.finishAndReleaseAll();
        a.finishAndReleaseAll();
    }

    @Test
    void largePacketStillArriving_givesItsShareBackWhenTheConnectionCloses() {
        PartialPacketBudget budget = new PartialPacketBudget(1 << 20);
        EmbeddedChannel ch = new EmbeddedChannel(new MqttFrameDecoder(1 << 20, budget));
        ch.writeInbound(Unpooled.wrappedBuffer(largePublish(100_000), 0, 90_000));
        assertThat(budget.used()).isEqualTo(90_000);
        ch.close();
        assertThat(budget.used()).isZero();
    }

    @Test
    void smallPacketsStillArriving_areNotCounted() {
        PartialPacketBudget budget = new PartialPacketBudget(1);
        EmbeddedChannel ch = new EmbeddedChannel(new MqttFrameDecoder(1 << 20, budget));
        ch.writeInbound(Unpooled.wrappedBuffer(largePublish(PartialPacketBudget.LARGE_PACKET), 0, 60_000));
        assertThat(budget.used()).isZero();
        ch.finishAndReleaseAll();
    }

    /** A QoS 0 PUBLISH of exactly {@code size} bytes (a three-byte remaining length). */
    private static byte[] largePublish(int size) {
        byte[] packet = new byte[size];
        int remaining = size - 4;
        packet[0] = 0x30;
        packet[1] = (byte) (remaining & 0x7F | 0x80);
        packet[2] = (byte) (remaining >> 7 & 0x7F | 0x80);
        packet[3] = (byte) (remaining >> 14 & 0x7F);
        packet[5] = 0x01; // topic length 1
        packet[6] = 't';
        return packet;
    }

    private static void assertFrame(Object frame, byte[] expected) {
        ByteBuf buf = (ByteBuf) frame;
        try {
            byte[] actual = new byte[buf.readableBytes()];
            buf.readBytes(actual);
            assertThat(actual).isEqualTo(expected);
        } finally {
            buf.release();
        }
    }
}
