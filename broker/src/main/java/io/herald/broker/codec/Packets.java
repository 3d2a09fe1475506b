package io.herald.broker.codec;

import io.herald.broker.message.Message;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;

/** Builders for the packets the broker sends. Stateless. */
public final class Packets {

    private static final MqttMessage PINGRESP =
            new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGRESP, false, MqttQoS.AT_MOST_ONCE, false, 0));

    private Packets() {}

    public static MqttConnAckMessage connAck(MqttConnectReturnCode code, boolean sessionPresent) {
        return new MqttConnAckMessage(
                new MqttFixedHeader(MqttMessageType.CONNACK, false, MqttQoS.AT_MOST_ONCE, false, 2),
                new MqttConnAckVariableHeader(code, sessionPresent));
    }

    /** A PUBLISH of {@code message}; the payload array is wrapped, not copied. */
    public static MqttPublishMessage publish(Message message, int packetId, boolean dup) {
        return new MqttPublishMessage(
                new MqttFixedHeader(
                        MqttMessageType.PUBLISH, dup, MqttQoS.valueOf(message.qos()), message.retain(), 0),
                new MqttPublishVariableHeader(message.topic(), message.qos() == 0 ? -1 : packetId),
                Unpooled.wrappedBuffer(message.payload()));
    }

    public static MqttPubAckMessage pubAck(int packetId) {
        return new MqttPubAckMessage(fixed(MqttMessageType.PUBACK, MqttQoS.AT_MOST_ONCE),
                MqttMessageIdVariableHeader.from(packetId));
    }

    public static MqttMessage pubRec(int packetId) {
        return new MqttMessage(fixed(MqttMessageType.PUBREC, MqttQoS.AT_MOST_ONCE),
                MqttMessageIdVariableHeader.from(packetId));
    }

    /** PUBREL carries fixed-header flags 0010 [MQTT-3.6.1-1]. */
    public static MqttMessage pubRel(int packetId) {
        return new MqttMessage(fixed(MqttMessageType.PUBREL, MqttQoS.AT_LEAST_ONCE),
                MqttMessageIdVariableHeader.from(packetId));
    }

    public static MqttMessage pubComp(int packetId) {
        return new MqttMessage(fixed(MqttMessageType.PUBCOMP, MqttQoS.AT_MOST_ONCE),
                MqttMessageIdVariableHeader.from(packetId));
    }

    /** SUBACK with one return code per requested filter, in order [MQTT-3.8.4-5]. */
    public static MqttSubAckMessage subAck(int packetId, int[] returnCodes) {
        return new MqttSubAckMessage(fixed(MqttMessageType.SUBACK, MqttQoS.AT_MOST_ONCE),
                MqttMessageIdVariableHeader.from(packetId), new MqttSubAckPayload(returnCodes));
    }

    public static MqttUnsubAckMessage unsubAck(int packetId) {
        return new MqttUnsubAckMessage(fixed(MqttMessageType.UNSUBACK, MqttQoS.AT_MOST_ONCE),
                MqttMessageIdVariableHeader.from(packetId));
    }

    public static MqttMessage pingResp() {
        return PINGRESP;
    }

    private static MqttFixedHeader fixed(MqttMessageType type, MqttQoS qos) {
        return new MqttFixedHeader(type, false, qos, false, 0);
    }
}
