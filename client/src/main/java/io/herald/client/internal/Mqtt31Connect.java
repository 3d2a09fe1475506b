package io.herald.client.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import java.nio.charset.StandardCharsets;

/**
 * Encodes an MQTT 3.1 CONNECT whose client id is longer than the 23 characters MQTT 3.1 names:
 * Netty's encoder refuses those, but brokers take them (Herald and Mosquitto accept far longer ids),
 * and refusing one is the server's call (CONNACK 0x02), not the client's. Stateless.
 */
final class Mqtt31Connect {

    private static final byte[] PROTOCOL_NAME = "MQIsdp".getBytes(StandardCharsets.US_ASCII);

    private Mqtt31Connect() {}

    /** Whether Netty's encoder would refuse {@code clientId} on MQTT 3.1. */
    static boolean needed(String clientId) {
        return clientId.length() > 23;
    }

    static ByteBuf encode(MqttConnectMessage m, ByteBufAllocator alloc) {
        MqttConnectVariableHeader h = m.variableHeader();
        MqttConnectPayload p = m.payload();
        ByteBuf body = alloc.buffer();
        try {
            string(body, PROTOCOL_NAME);
            body.writeByte(3);
            int flags = (h.hasUserName() ? 0x80 : 0) | (h.hasPassword() ? 0x40 : 0) | (h.isWillRetain() ? 0x20 : 0)
                    | (h.willQos() & 0x03) << 3 | (h.isWillFlag() ? 0x04 : 0) | (h.isCleanSession() ? 0x02 : 0);
            body.writeByte(flags);
            body.writeShort(h.keepAliveTimeSeconds());
            string(body, p.clientIdentifier().getBytes(StandardCharsets.UTF_8));
            if (h.isWillFlag()) {
                string(body, p.willTopic().getBytes(StandardCharsets.UTF_8));
                string(body, p.willMessageInBytes());
            }
            if (h.hasUserName()) {
                string(body, p.userName().getBytes(StandardCharsets.UTF_8));
            }
            if (h.hasPassword()) {
                string(body, p.passwordInBytes());
            }
            ByteBuf packet = alloc.buffer(5 + body.readableBytes());
            packet.writeByte(0x10);
            int remaining = body.readableBytes();
            do {
                int digit = remaining % 128;
                remaining /= 128;
                packet.writeByte(remaining > 0 ? digit | 0x80 : digit);
            } while (remaining > 0);
            return packet.writeBytes(body);
        } finally {
            body.release();
        }
    }

    private static void string(ByteBuf out, byte[] value) {
        out.writeShort(value.length);
        out.writeBytes(value);
    }
}
