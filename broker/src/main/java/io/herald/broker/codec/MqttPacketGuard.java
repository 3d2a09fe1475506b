package io.herald.broker.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageFactory;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;

/**
 * Keeps Netty's replaying {@code MqttDecoder} to one whole packet per frame from {@link MqttFrameDecoder}:
 * a packet whose fields run past its remaining length (the decoder would wait for, and misread, the
 * next packet's bytes) or leave bytes over is malformed [MQTT-4.8.0-1]. Also rejects reserved bits in
 * SUBSCRIBE's option bytes, which Netty's decoder ignores [MQTT-3.8.3-4]. Sits on both sides of the
 * decoder: {@link #before()} in front of it, {@link #after()} behind it; the packet the decoder emits
 * goes on only once the frame proved whole.
 *
 * <p>Threads: one instance per channel, on its event loop.
 */
public final class MqttPacketGuard {

    private static final AttributeKey<MqttVersion> VERSION = AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");
    private static final int SUBSCRIBE = 8;

    private final Before before = new Before();
    private final After after = new After();
    private ChannelHandlerContext afterCtx;
    private MqttMessage decoded;
    private boolean broken;

    public ChannelHandler before() {
        return before;
    }

    public ChannelHandler after() {
        return after;
    }

    private final class Before extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf frame)) {
                ctx.fireChannelRead(msg);
                return;
            }
            if (broken) {
                frame.release();
                return;
            }
            String reserved = reservedSubscribeBits(frame, ctx);
            if (reserved != null) {
                frame.release();
                fail(reserved);
                return;
            }
            frame.retain();
            boolean leftOver;
            try {
                ctx.fireChannelRead(frame);
            } finally {
                leftOver = frame.isReadable();
                frame.release();
            }
            MqttMessage packet = decoded;
            decoded = null;
            if (packet == null || (leftOver && packet.decoderResult().isSuccess())) {
                ReferenceCountUtil.release(packet);
                fail("packet longer or shorter than its fields");
            } else {
                afterCtx.fireChannelRead(packet);
            }
        }
    }

    private final class After extends ChannelInboundHandlerAdapter {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            afterCtx = ctx;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof MqttMessage m && decoded == null) {
                decoded = m;
            } else {
                ReferenceCountUtil.release(msg); // a second packet from one frame cannot be
            }
        }
    }

    private void fail(String reason) {
        broken = true;
        afterCtx.fireChannelRead(MqttMessageFactory.newInvalidMessage(new DecoderException(reason)));
    }

    /** A reason when a SUBSCRIBE's option byte has reserved bits set: 2-7 in MQTT 3, 6-7 and retain handling 3 in 5. */
    private static String reservedSubscribeBits(ByteBuf frame, ChannelHandlerContext ctx) {
        int start = frame.readerIndex();
        if ((frame.getUnsignedByte(start) >> 4) != SUBSCRIBE) {
            return null;
        }
        boolean v5 = ctx.channel().attr(VERSION).get() == MqttVersion.MQTT_5;
        int i = start + 1;
        while ((frame.getUnsignedByte(i) & 0x80) != 0) {
            i++;
        }
        i += 3; // last length byte, packet id
        if (v5) {
            int propertiesLength = 0;
            int multiplier = 1;
            int b;
            do {
                b = frame.getUnsignedByte(i++);
                propertiesLength += (b & 0x7F) * multiplier;
                multiplier *= 128;
            } while ((b & 0x80) != 0 && i < frame.writerIndex());
            i += propertiesLength;
        }
        int end = frame.writerIndex();
        while (i + 2 <= end) {
            int length = frame.getUnsignedShort(i);
            int option = i + 2 + length;
            if (option >= end) {
                return null; // truncated: the decoder reports it
            }
            int bits = frame.getUnsignedByte(option);
            if (v5 ? (bits & 0xC0) != 0 || (bits & 0x30) == 0x30 : (bits & 0xFC) != 0) {
                return "reserved bits set in subscription options 0x" + Integer.toHexString(bits);
            }
            i = option + 1;
        }
        return null;
    }

}
