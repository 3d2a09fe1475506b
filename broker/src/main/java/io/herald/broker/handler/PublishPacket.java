package io.herald.broker.handler;

import io.herald.broker.message.Payload;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;

/**
 * An inbound PUBLISH: its fields, and its payload as it arrived ({@link Payload#fromInbound}, not copied
 * unless small). The packet holds one reference to the payload, which {@link PacketDispatcher} releases
 * once the packet was handled or dropped. Immutable.
 */
record PublishPacket(
        String topic, int qos, boolean dup, boolean retain, int packetId, Payload payload, MqttProperties properties) {

    /** Takes {@code message}'s payload over and releases the rest of it. */
    static PublishPacket of(MqttPublishMessage message, ByteBufAllocator alloc) {
        try {
            return new PublishPacket(
                    message.variableHeader().topicName(),
                    message.fixedHeader().qosLevel().value(),
                    message.fixedHeader().isDup(),
                    message.fixedHeader().isRetain(),
                    message.variableHeader().packetId(),
                    Payload.fromInbound(message.payload().retain(), alloc),
                    message.variableHeader().properties());
        } finally {
            message.release();
        }
    }

    /** Gives back the packet's reference to its payload. */
    void release() {
        payload.release();
    }
}
