package io.herald.broker.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageFactory;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;

/**
 * Keeps Netty's replaying {@code MqttDecoder} to one whole packet per frame from {@link MqttFrameDecoder}:
 * a packet whose fields run past its remaining length (the decoder would wait for, and misread, the
 * next packet's bytes) or leave bytes over is malformed [MQTT-4.8.0-1]. Also rejects reserved bits in
 * SUBSCRIBE's option bytes, which Netty's decoder ignores [MQTT-3.8.3-4], and CONNECT and PUBLISH
 * properties given twice or out of range ({@link PropertyScan}). Sits on both sides of the
 * decoder: {@link #before()} in front of it, {@link #after()} behind it; the packet the decoder emits
 * goes on only once the frame proved whole. {@link #after()} is also the connection's MQTT encoder, so
 * that the codec costs a connection one pipeline context less: an {@link OutboundPublish} goes to the
 * {@link PublishEncoder} (its payload is not copied), every other packet to Netty's stateless
 * {@link MqttEncoder}.
 *
 * <p>Threads: one instance per channel, on its event loop.
 */
public final class MqttPacketGuard {

    private static final AttributeKey<MqttVersion> VERSION = AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");
    private static final int SUBSCRIBE = 8;
    private static final int CONNECT = 1;
    private static final int PUBLISH = 3;

    private final Before before = new Before();
    private final After after = new After();
    private final PublishEncoder publishEncoder;
    private ChannelHandlerContext afterCtx;
    private MqttMessage decoded;
    private boolean broken;

    /** A guard for a byte-stream transport (TCP, TLS). */
    public MqttPacketGuard() {
        this(false);
    }

    /**
     * @param oneBufferPerPacket true for a transport that frames what is written (WebSocket: each buffer
     *     becomes a binary frame), so that a PUBLISH is written as one buffer and leaves in one frame
     */
    public MqttPacketGuard(boolean oneBufferPerPacket) {
        this.publishEncoder = oneBufferPerPacket ? PublishEncoder.ONE_BUFFER : PublishEncoder.STREAM;
    }

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
            DecoderException invalid = invalidProperties(frame, ctx);
            if (invalid == null) {
                invalid = invalidSubscribeOptions(frame, ctx);
            }
            if (invalid != null) {
                frame.release();
                fail(invalid);
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
                fail(new DecoderException("packet longer or shorter than its fields"));
            } else {
                afterCtx.fireChannelRead(packet);
            }
        }
    }

    private final class After extends ChannelDuplexHandler {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            afterCtx = ctx;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (msg instanceof OutboundPublish publish) {
                publishEncoder.write(ctx, publish, promise);
            } else {
                MqttEncoder.INSTANCE.write(ctx, msg, promise);
            }
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

    private void fail(DecoderException cause) {
        broken = true;
        afterCtx.fireChannelRead(MqttMessageFactory.newInvalidMessage(cause));
    }

    /** A well-formed packet that breaks a protocol rule: MQTT 5 answers 0x82, not 0x81 (malformed). */
    public static final class ProtocolError extends DecoderException {
        ProtocolError(String message) {
            super(message);
        }
    }

    /**
     * Why an MQTT 5 CONNECT's or PUBLISH's properties are invalid, or null: see {@link PropertyScan}.
     * Netty's decoder keeps one value of a property given twice, silently.
     */
    private static DecoderException invalidProperties(ByteBuf frame, ChannelHandlerContext ctx) {
        int type = frame.getUnsignedByte(frame.readerIndex()) >> 4;
        if (type == CONNECT) {
            int properties = connectPropertiesStart(frame);
            DecoderException invalid = properties < 0 ? null
                    : PropertyScan.invalid(frame, properties, frame.writerIndex(), "CONNECT");
            if (invalid != null) {
                ctx.channel().attr(VERSION).set(MqttVersion.MQTT_5); // the refusing CONNACK is an MQTT 5 one
            }
            return invalid;
        }
        if (type == PUBLISH && ctx.channel().attr(VERSION).get() == MqttVersion.MQTT_5) {
            int properties = publishPropertiesStart(frame);
            return properties < 0 ? null : PropertyScan.invalid(frame, properties, frame.writerIndex(), "PUBLISH");
        }
        return null;
    }

    /** Where an MQTT 5 CONNECT's properties begin, or -1 (not MQTT 5, or truncated: the decoder reports it). */
    private static int connectPropertiesStart(ByteBuf frame) {
        int i = afterFixedHeader(frame);
        int end = frame.writerIndex();
        if (i + 2 > end) {
            return -1;
        }
        i += 2 + frame.getUnsignedShort(i); // protocol name
        if (i + 4 > end || frame.getUnsignedByte(i) != 5) {
            return -1;
        }
        return i + 4; // level, flags, keep alive
    }

    /** Where a PUBLISH's properties begin, or -1 when truncated (the decoder reports it). */
    private static int publishPropertiesStart(ByteBuf frame) {
        int qos = (frame.getUnsignedByte(frame.readerIndex()) >> 1) & 0x03;
        int i = afterFixedHeader(frame);
        if (i + 2 > frame.writerIndex()) {
            return -1;
        }
        i += 2 + frame.getUnsignedShort(i); // topic name
        return qos > 0 ? i + 2 : i; // packet identifier
    }

    private static int afterFixedHeader(ByteBuf frame) {
        int i = frame.readerIndex() + 1;
        int end = frame.writerIndex();
        while (i < end && (frame.getUnsignedByte(i) & 0x80) != 0) {
            i++;
        }
        return i + 1;
    }

    /**
     * Why a SUBSCRIBE's options are invalid, or null: reserved bits set (2-7 in MQTT 3, 6-7 in MQTT 5:
     * malformed), or in MQTT 5 QoS 3 or Retain Handling 3 (protocol errors [MQTT5-3.8.3.1]).
     */
    private static DecoderException invalidSubscribeOptions(ByteBuf frame, ChannelHandlerContext ctx) {
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
            if (v5 ? (bits & 0xC0) != 0 : (bits & 0xFC) != 0) {
                return new DecoderException("reserved bits set in subscription options 0x" + Integer.toHexString(bits));
            }
            if (v5 && ((bits & 0x03) == 3 || (bits & 0x30) == 0x30)) {
                return new ProtocolError("QoS 3 or Retain Handling 3 in subscription options 0x"
                        + Integer.toHexString(bits));
            }
            i = option + 1;
        }
        return null;
    }

}
