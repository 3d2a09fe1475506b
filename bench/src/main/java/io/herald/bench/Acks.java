package io.herald.bench;

import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;

/** The QoS 2 acknowledgements Netty's builders lack: PUBREC, PUBREL and PUBCOMP. Stateless. */
final class Acks {

    private Acks() {}

    static MqttMessage of(MqttMessageType type, int packetId) {
        // [MQTT-3.6.1-1] PUBREL's fixed header flags are 0010 (QoS 1 bits); PUBREC and PUBCOMP 0000
        MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        return new MqttMessage(new MqttFixedHeader(type, false, qos, false, 2), MqttMessageIdVariableHeader.from(packetId));
    }
}
