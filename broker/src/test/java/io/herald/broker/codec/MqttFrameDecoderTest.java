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

    private static final byte[] PINGREQ = {(byte) 0xC0, 0x00};
    private static final byte[] PUBLISH = {
        0x30, 0x05, // PUBLISH QoS 0, remaining length 5
        0x00, 0x01, 't', // topic "t"
        'h', 'i' // payload
    };

    @Test
    void splitsSeveralPacketsInOneBuffer() {
        EmbeddedChannel ch = new EmbeddedChannel(new MqttFrameDecoder(1024));
        ch.writeInbound(Unpooled.wrappedBuffer(PUBLISH, PINGREQ));

        assertFrame(ch.readInbound(), PUBLISH);
        assertFrame(ch.readInbound(), PINGREQ);
        assertThat((Object) ch.readInbound()).isNull();
    }

    @Test
    void waitsForAPacketSplitAcrossReads() {
        EmbeddedChannel ch = new EmbeddedChannel(new MqttFrameDecoder(1024));
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
        EmbeddedChannel ch = new EmbeddedChannel(new MqttFrameDecoder(1024));
        ch.writeInbound(Unpooled.wrappedBuffer(packet));
        assertFrame(ch.readInbound(), packet);
    }

    @Test
    void rejectsAPacketOverTheLimitFromItsHeader() {
        EmbeddedChannel ch = new EmbeddedChannel(new MqttFrameDecoder(100));
        // remaining length 16,384 announced; the body never needs to arrive
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x30, (byte) 0x80, (byte) 0x80, 0x01})))
                .isInstanceOf(TooLongFrameException.class);
    }

    @Test
    void rejectsAFiveByteRemainingLength() {
        EmbeddedChannel ch = new EmbeddedChannel(new MqttFrameDecoder(Integer.MAX_VALUE));
        byte[] bad = {0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01};
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(bad))).isInstanceOf(DecoderException.class);
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
