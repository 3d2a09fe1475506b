package io.herald.broker.handler;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;

/**
 * An inbound PUBLISH with its payload copied out of the network buffer, so it can cross to the
 * session's loop without reference counting. Immutable.
 */
record PublishPacket(
        String topic, int qos, boolean dup, boolean retain, int packetId, byte[] payload, MqttProperties properties) {

    /** Copies {@code message} and releases it. */
    static PublishPacket copyOf(MqttPublishMessage message) {
        try {
            return new PublishPacket(
                    message.variableHeader().topicName(),
                    message.fixedHeader().qosLevel().value(),
                    message.fixedHeader().isDup(),
                    message.fixedHeader().isRetain(),
                    message.variableHeader().packetId(),
                    ByteBufUtil.getBytes(message.payload()),
                    message.variableHeader().properties());
        } finally {
            message.release();
        }
    }
}
