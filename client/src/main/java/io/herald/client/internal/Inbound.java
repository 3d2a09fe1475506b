package io.herald.client.internal;

import io.herald.client.MessageProperties;
import io.herald.client.ProtocolVersion;
import io.herald.client.ReceivedMessage;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import java.util.HashSet;
import java.util.Set;

/**
 * Incoming PUBLISH packets: acknowledges them by QoS and hands each message to the listeners once; a
 * QoS 2 message is delivered on its first PUBLISH and its packet identifier remembered until PUBREL,
 * so a resent PUBLISH is not delivered again.
 *
 * <p>Threads: owned by the client's event loop.
 */
final class Inbound {

    private final Callbacks callbacks;
    private final Set<Integer> qos2Received = new HashSet<>();

    Inbound(Callbacks callbacks) {
        this.callbacks = callbacks;
    }

    /** Handles a PUBLISH and releases it. */
    void publish(ConnectionHandler link, MqttPublishMessage m, ProtocolVersion v) {
        try {
            String topic = m.variableHeader().topicName();
            if (topic == null || topic.isEmpty()) {
                // [MQTT-3.1.2-27] we announce no Topic Alias Maximum, so the server must not use aliases
                link.close(Failure.local(io.herald.client.ErrnoConnect.CONNECTION_FAILED,
                        "protocol error: the server sent a PUBLISH without a topic name"));
                return;
            }
            int qos = m.fixedHeader().qosLevel().value();
            int id = m.variableHeader().packetId();
            ReceivedMessage message = new ReceivedMessage(topic, ByteBufUtil.getBytes(m.payload()), qos,
                    m.fixedHeader().isRetain(), m.fixedHeader().isDup(),
                    v == ProtocolVersion.MQTT_5 ? PropertyMapper.fromNetty(m.variableHeader().properties())
                            : MessageProperties.NONE);
            switch (qos) {
                case 0 -> deliver(message);
                case 1 -> {
                    deliver(message);
                    // [MQTT-4.3.2-4] acknowledge QoS 1 with PUBACK
                    link.write(Packets.ack(MqttMessageType.PUBACK, id));
                }
                default -> {
                    if (qos2Received.add(id)) {
                        deliver(message);
                    }
                    // [MQTT-4.3.3-9] acknowledge QoS 2 with PUBREC, and keep the id until PUBREL
                    link.write(Packets.ack(MqttMessageType.PUBREC, id));
                }
            }
        } finally {
            m.release();
        }
    }

    void pubRel(ConnectionHandler link, int id) {
        qos2Received.remove(id);
        // [MQTT-4.3.3-11] answer PUBREL with PUBCOMP
        link.write(Packets.ack(MqttMessageType.PUBCOMP, id));
    }

    /** Forgets QoS 2 state: the server started a new session. */
    void newSession() {
        qos2Received.clear();
    }

    private void deliver(ReceivedMessage message) {
        callbacks.emit(l -> l.message(message));
    }
}
