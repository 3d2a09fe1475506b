package io.herald.broker.codec;

import io.herald.broker.message.Message;
import io.herald.broker.message.MessageProperties;
import io.herald.broker.message.Payload;
import io.herald.broker.publish.UserProperty;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.util.concurrent.PromiseCombiner;
import java.util.List;

/**
 * Writes an {@link OutboundPublish} without copying its payload: fixed and variable header go into one
 * small buffer of exactly their size from the channel's allocator, the payload follows as a view of the
 * message's own bytes ({@code Payload.retainedBuffer()}, a reference the channel releases once
 * written); a payload of at most {@link #COPY_MAX_BYTES} is copied into the header's buffer instead. The bytes are those Netty's {@code MqttEncoder} writes for the same packet, except that the
 * MQTT 5 properties come in the order of the PUBLISH property table of the specification (payload
 * format indicator, message expiry interval, topic alias, response topic, correlation data, user
 * properties in their order [MQTT-3.3.2-18], subscription identifiers, content type), where Netty's
 * depends on its hash map (the specification fixes the order of user properties only).
 *
 * <p>Beyond that size {@link #STREAM} (TCP, TLS) writes header and payload as two buffers;
 * {@link #ONE_BUFFER} (WebSocket) as one composite buffer over both, so that the packet leaves in one
 * binary frame.
 *
 * <p>Threads: stateless; called on the channel's event loop.
 */
public final class PublishEncoder {

    /** For byte-stream transports: header and payload are two writes. */
    public static final PublishEncoder STREAM = new PublishEncoder(false);
    /** For message transports (WebSocket): one buffer per packet, a composite of header and payload. */
    public static final PublishEncoder ONE_BUFFER = new PublishEncoder(true);

    private static final int PUBLISH = 0x30;
    private static final int DUP = 0x08;
    private static final int RETAIN = 0x01;

    /**
     * Payloads up to this size are copied into the header's buffer: one buffer and one write per PUBLISH
     * cost less than a second buffer for them (docs/benchmarks.md, issue 15: JMH 293 against 350 ns per
     * 64-byte MQTT 3.1.1 PUBLISH, 228 against 292 B of heap); larger ones leave as a view of the
     * message's bytes, never copied.
     */
    public static final int COPY_MAX_BYTES = 1024;

    private final boolean oneBuffer;

    private PublishEncoder(boolean oneBuffer) {
        this.oneBuffer = oneBuffer;
    }

    /**
     * Writes {@code publish} to {@code ctx}: one buffer when the payload is copied in (at most {@link
     * #COPY_MAX_BYTES}), else header and a view of the payload, whose write completes {@code promise} (a
     * void promise is used for both writes), or both writes do when the promise is a real one. On any
     * failure before the buffers are handed to the channel, they are released and the exception is thrown.
     */
    public void write(ChannelHandlerContext ctx, OutboundPublish publish, ChannelPromise promise) {
        long remaining = publish.remainingLength();
        if (remaining > OutboundPublish.MAX_REMAINING_LENGTH) {
            throw new EncoderException("PUBLISH of " + remaining + " bytes after its fixed header: the most is "
                    + OutboundPublish.MAX_REMAINING_LENGTH);
        }
        Payload source = publish.message().payload();
        if (source.length() <= COPY_MAX_BYTES) {
            ctx.write(whole(ctx, publish, source), promise);
            return;
        }
        ByteBuf payload = source.retainedBuffer();
        ByteBuf header;
        try {
            header = header(ctx, publish, 0);
        } catch (RuntimeException | Error e) {
            payload.release();
            throw e;
        }
        if (oneBuffer) {
            ctx.write(Unpooled.wrappedBuffer(header, payload), promise);
        } else if (promise.isVoid()) {
            ctx.write(header, promise);
            ctx.write(payload, promise);
        } else {
            PromiseCombiner both = new PromiseCombiner(ctx.executor());
            both.add(ctx.write(header));
            both.add(ctx.write(payload));
            both.finish(promise);
        }
    }

    /** The whole packet in one buffer: header, then a copy of the (small) payload. */
    private static ByteBuf whole(ChannelHandlerContext ctx, OutboundPublish publish, Payload payload) {
        ByteBuf packet = header(ctx, publish, payload.length());
        try {
            payload.copyTo(packet);
            return packet;
        } catch (RuntimeException | Error e) {
            packet.release();
            throw e;
        }
    }

    /**
     * Fixed and variable header of {@code publish} in a buffer of their size and {@code room} bytes more;
     * released if writing fails.
     */
    private static ByteBuf header(ChannelHandlerContext ctx, OutboundPublish publish, int room) {
        int length = publish.headerLength();
        ByteBuf header = ctx.alloc().buffer(length + room);
        try {
            writeHeader(header, publish);
            if (header.readableBytes() != length) {
                throw new EncoderException("PUBLISH header of " + header.readableBytes() + " bytes, computed " + length);
            }
            return header;
        } catch (RuntimeException | Error e) {
            header.release();
            throw e;
        }
    }

    /**
     * Writes the fixed header and variable header of {@code publish} to {@code out}: everything of the
     * packet but its payload ({@link OutboundPublish#headerLength()} bytes).
     */
    public static void writeHeader(ByteBuf out, OutboundPublish publish) {
        Message message = publish.message();
        out.writeByte(PUBLISH | (publish.dup() ? DUP : 0) | message.qos() << 1 | (message.retain() ? RETAIN : 0));
        writeVarInt(out, (int) publish.remainingLength());
        int topicBytes = publish.topicBytesOnWire();
        out.writeShort(topicBytes);
        if (topicBytes > 0) {
            ByteBufUtil.reserveAndWriteUtf8(out, message.topic(), topicBytes);
        }
        if (message.qos() > 0) {
            out.writeShort(publish.packetId());
        }
        if (publish.v5()) {
            writeVarInt(out, publish.propertiesLength());
            writeProperties(out, publish);
        }
    }

    private static void writeProperties(ByteBuf out, OutboundPublish publish) {
        MessageProperties p = publish.message().properties();
        if (p.payloadFormat() >= 0) {
            out.writeByte(MqttPropertyType.PAYLOAD_FORMAT_INDICATOR.value());
            out.writeByte(p.payloadFormat());
        }
        if (publish.expirySeconds() >= 0) {
            out.writeByte(MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL.value());
            out.writeInt((int) publish.expirySeconds()); // a four-byte unsigned integer
        }
        if (publish.alias() > 0) {
            out.writeByte(MqttPropertyType.TOPIC_ALIAS.value());
            out.writeShort(publish.alias());
        }
        if (p.responseTopic() != null) {
            writeString(out, MqttPropertyType.RESPONSE_TOPIC, p.responseTopic());
        }
        if (p.correlationData() != null) {
            out.writeByte(MqttPropertyType.CORRELATION_DATA.value());
            out.writeShort(p.correlationData().length);
            out.writeBytes(p.correlationData());
        }
        List<UserProperty> users = p.userProperties(); // indexed loops: no iterators per PUBLISH
        for (int i = 0; i < users.size(); i++) {
            writeString(out, MqttPropertyType.USER_PROPERTY, users.get(i).name());
            writeUtf8(out, users.get(i).value());
        }
        List<Integer> ids = p.subscriptionIds();
        for (int i = 0; i < ids.size(); i++) {
            out.writeByte(MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value());
            writeVarInt(out, ids.get(i));
        }
        if (p.contentType() != null) {
            writeString(out, MqttPropertyType.CONTENT_TYPE, p.contentType());
        }
    }

    private static void writeString(ByteBuf out, MqttPropertyType type, String value) {
        out.writeByte(type.value());
        writeUtf8(out, value);
    }

    /** A UTF-8 string with its two-byte length. */
    private static void writeUtf8(ByteBuf out, String value) {
        int at = out.writerIndex();
        out.writeShort(0);
        int written = ByteBufUtil.writeUtf8(out, value);
        out.setShort(at, written);
    }

    /** A variable byte integer [MQTT-1.5.5]. */
    private static void writeVarInt(ByteBuf out, int value) {
        do {
            int digit = value % 128;
            value /= 128;
            out.writeByte(value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
    }
}
