package io.herald.broker.codec;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;
import java.util.ArrayList;
import java.util.List;

/** Builders for the packets the broker sends. Stateless. */
public final class Packets {

    private static final MqttMessage PINGRESP =
            new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGRESP, false, MqttQoS.AT_MOST_ONCE, false, 0));

    private Packets() {}

    public static MqttConnAckMessage connAck(MqttConnectReturnCode code, boolean sessionPresent) {
        return connAck(code, sessionPresent, MqttProperties.NO_PROPERTIES);
    }

    /** CONNACK; the properties are written for MQTT 5 connections only. */
    public static MqttConnAckMessage connAck(MqttConnectReturnCode code, boolean sessionPresent, MqttProperties props) {
        return new MqttConnAckMessage(
                new MqttFixedHeader(MqttMessageType.CONNACK, false, MqttQoS.AT_MOST_ONCE, false, 2),
                new MqttConnAckVariableHeader(code, sessionPresent, props));
    }

    /** MQTT 5 DISCONNECT from the server with a reason code [MQTT-3.14.2-1]. */
    public static MqttMessage disconnect(byte reasonCode, MqttProperties props) {
        return new MqttMessage(fixed(MqttMessageType.DISCONNECT, MqttQoS.AT_MOST_ONCE),
                new MqttReasonCodeAndPropertiesVariableHeader(reasonCode, props));
    }

    /** MQTT 5 AUTH with a reason code (0x00 success, 0x18 continue) and the method and data properties. */
    public static MqttMessage auth(byte reasonCode, MqttProperties props) {
        return new MqttMessage(fixed(MqttMessageType.AUTH, MqttQoS.AT_MOST_ONCE),
                new MqttReasonCodeAndPropertiesVariableHeader(reasonCode, props));
    }

    /** PUBACK, PUBREC, PUBREL or PUBCOMP with an MQTT 5 reason code (left out on the wire when 0 or MQTT 3). */
    public static MqttMessage pubReply(MqttMessageType type, int packetId, byte reasonCode, MqttProperties props) {
        MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        return new MqttMessage(fixed(type, qos), new MqttPubReplyMessageVariableHeader(packetId, reasonCode, props));
    }

    /** PUBREL carries fixed-header flags 0010 [MQTT-3.6.1-1]. */
    public static MqttMessage pubRel(int packetId) {
        return new MqttMessage(fixed(MqttMessageType.PUBREL, MqttQoS.AT_LEAST_ONCE),
                MqttMessageIdVariableHeader.from(packetId));
    }

    /** SUBACK with one return code per requested filter, in order [MQTT-3.8.4-5]. */
    public static MqttSubAckMessage subAck(int packetId, int[] returnCodes, MqttProperties props) {
        return new MqttSubAckMessage(fixed(MqttMessageType.SUBACK, MqttQoS.AT_MOST_ONCE),
                new MqttMessageIdAndPropertiesVariableHeader(packetId, props), new MqttSubAckPayload(returnCodes));
    }

    /** UNSUBACK; the reason codes are written for MQTT 5 only [MQTT-3.11.3-1]. */
    public static MqttUnsubAckMessage unsubAck(int packetId, short[] reasonCodes) {
        List<Short> codes = new ArrayList<>(reasonCodes.length);
        for (short c : reasonCodes) {
            codes.add(c);
        }
        return new MqttUnsubAckMessage(fixed(MqttMessageType.UNSUBACK, MqttQoS.AT_MOST_ONCE),
                new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES),
                new MqttUnsubAckPayload(codes));
    }

    public static MqttMessage pingResp() {
        return PINGRESP;
    }

    private static MqttFixedHeader fixed(MqttMessageType type, MqttQoS qos) {
        return new MqttFixedHeader(type, false, qos, false, 0);
    }
}
