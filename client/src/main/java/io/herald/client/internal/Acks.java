package io.herald.client.internal;

import io.herald.client.ConnAck;
import io.herald.client.ProtocolVersion;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import java.util.List;

/** Reads the acknowledgements the server sends (CONNACK, PUBACK …, DISCONNECT) into plain values. Stateless. */
final class Acks {

    private Acks() {}

    static ConnAck connAck(MqttConnAckMessage m, ProtocolVersion v) {
        int code = m.variableHeader().connectReturnCode().byteValue() & 0xFF;
        boolean present = m.variableHeader().isSessionPresent();
        if (v != ProtocolVersion.MQTT_5) {
            return new ConnAck(present, code, null, -1, 65_535, 2, true, 0, null, List.of());
        }
        MqttProperties p = m.variableHeader().properties();
        Integer maxPacket = PropertyMapper.intValue(p, MqttProperties.MAXIMUM_PACKET_SIZE);
        return new ConnAck(present, code,
                PropertyMapper.stringValue(p, MqttProperties.ASSIGNED_CLIENT_IDENTIFIER),
                PropertyMapper.intValue(p, MqttProperties.SERVER_KEEP_ALIVE, -1),
                PropertyMapper.intValue(p, MqttProperties.RECEIVE_MAXIMUM, 65_535),
                PropertyMapper.intValue(p, MqttProperties.MAXIMUM_QOS, 2),
                PropertyMapper.intValue(p, MqttProperties.RETAIN_AVAILABLE, 1) == 1,
                maxPacket == null ? 0 : Integer.toUnsignedLong(maxPacket),
                PropertyMapper.stringValue(p, MqttProperties.REASON_STRING),
                PropertyMapper.userProperties(p));
    }

    static int packetId(MqttMessage m) {
        Object vh = m.variableHeader();
        if (vh instanceof MqttMessageIdVariableHeader id) {
            return id.messageId();
        }
        if (vh instanceof MqttMessageIdAndPropertiesVariableHeader id) {
            return id.messageId();
        }
        return -1;
    }

    /** The reason code of a PUBACK, PUBREC, PUBREL or PUBCOMP; 0 when absent. */
    static int reasonCode(MqttMessage m) {
        return m.variableHeader() instanceof MqttPubReplyMessageVariableHeader r ? r.reasonCode() & 0xFF : 0;
    }

    /** The reason string of an acknowledgement or DISCONNECT, or null. */
    static String reasonString(MqttMessage m) {
        Object vh = m.variableHeader();
        MqttProperties p = vh instanceof MqttPubReplyMessageVariableHeader r ? r.properties()
                : vh instanceof MqttMessageIdAndPropertiesVariableHeader i ? i.properties()
                : vh instanceof MqttReasonCodeAndPropertiesVariableHeader d ? d.properties() : null;
        return PropertyMapper.stringValue(p, MqttProperties.REASON_STRING);
    }

    /** The reason code of a server DISCONNECT; 0 when absent. */
    static int disconnectReason(MqttMessage m) {
        return m.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader d ? d.reasonCode() & 0xFF : 0;
    }

    /** The reason codes of a SUBACK or UNSUBACK payload; empty for an MQTT 3 UNSUBACK. */
    static List<Integer> codes(MqttMessage m) {
        Object payload = m.payload();
        if (payload instanceof io.netty.handler.codec.mqtt.MqttSubAckPayload s) {
            return s.reasonCodes();
        }
        if (payload instanceof io.netty.handler.codec.mqtt.MqttUnsubAckPayload u) {
            return u.unsubscribeReasonCodes().stream().map(c -> c & 0xFF).toList();
        }
        return List.of();
    }
}
