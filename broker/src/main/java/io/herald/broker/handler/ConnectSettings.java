package io.herald.broker.handler;

import io.herald.broker.codec.PublishEncoding;
import io.herald.broker.codec.Props;
import io.herald.broker.codec.ProtocolViolation;
import io.herald.broker.message.MessageProperties;
import io.herald.broker.message.Payload;
import io.herald.broker.session.Will;
import io.herald.broker.store.SessionRecord;
import io.herald.broker.topic.Topics;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import java.nio.ByteBuffer;

/**
 * What a CONNECT asks for, validated once and mapped onto the one session model: MQTT 3's Clean
 * Session becomes Clean Start plus a Session Expiry of 0 or "never" [MQTT-3.1.2-4..6]; MQTT 5's
 * properties are read with their protocol-error rules. Immutable.
 */
record ConnectSettings(
        boolean v5,
        boolean cleanStart,
        long sessionExpiry,
        int keepAlive,
        int receiveMaximum,
        long maximumPacketSize,
        int topicAliasMaximum,
        boolean problemInformation,
        boolean responseInformation,
        String authMethod,
        byte[] authData,
        Will will) {

    /**
     * The Receive Maximum an MQTT 3.1/3.1.1 client is held to: it cannot state one, and MQTT 5's default
     * (65,535) would let a slow device collect thousands of unacknowledged messages. Peers choose 20
     * (Mosquitto {@code max_inflight_messages}), 32 (EMQX {@code max_inflight}) or 50 (HiveMQ CE); here a
     * window of 1,000 carried twice the QoS 1 rate of a window of 32 with a p99 of 26.5 ms instead of
     * seconds (docs/benchmarks.md), and the window only bounds what waits for acknowledgement: the rest
     * waits in the session's queue.
     */
    static final int MQTT3_RECEIVE_MAXIMUM = 1_000;

    static ConnectSettings of(MqttConnectMessage connect) {
        MqttConnectVariableHeader h = connect.variableHeader();
        boolean v5 = h.version() == 5;
        Will will = will(h, connect.payload(), v5);
        if (!v5) {
            if (h.hasPassword() && !h.hasUserName()) {
                throw new ProtocolViolation("MQTT-3.1.2-22", "password flag without user name flag");
            }
            return new ConnectSettings(false, h.isCleanSession(),
                    h.isCleanSession() ? 0 : SessionRecord.NEVER_EXPIRES, h.keepAliveTimeSeconds(),
                    MQTT3_RECEIVE_MAXIMUM, Long.MAX_VALUE, 0, true, false, null, null, will);
        }
        MqttProperties p = h.properties();
        long receiveMaximum = Props.integer(p, MqttPropertyType.RECEIVE_MAXIMUM, 65_535);
        if (receiveMaximum == 0) {
            throw new ProtocolViolation("MQTT5-3.1.2.11.3", "Receive Maximum 0");
        }
        long maximumPacketSize = Props.integer(p, MqttPropertyType.MAXIMUM_PACKET_SIZE, Long.MAX_VALUE);
        if (maximumPacketSize == 0) {
            throw new ProtocolViolation("MQTT5-3.1.2.11.4", "Maximum Packet Size 0");
        }
        long problem = Props.integer(p, MqttPropertyType.REQUEST_PROBLEM_INFORMATION, 1);
        long response = Props.integer(p, MqttPropertyType.REQUEST_RESPONSE_INFORMATION, 0);
        if (problem > 1 || response > 1) {
            throw new ProtocolViolation("MQTT5-3.1.2.11.6", "Request Problem/Response Information not 0 or 1");
        }
        String authMethod = Props.string(p, MqttPropertyType.AUTHENTICATION_METHOD);
        byte[] authData = Props.binary(p, MqttPropertyType.AUTHENTICATION_DATA);
        if (authMethod == null && authData != null) {
            throw new ProtocolViolation("MQTT5-3.1.2.11.10", "Authentication Data without Authentication Method");
        }
        return new ConnectSettings(true, h.isCleanSession(),
                Props.integer(p, MqttPropertyType.SESSION_EXPIRY_INTERVAL, 0), h.keepAliveTimeSeconds(),
                (int) receiveMaximum, maximumPacketSize,
                (int) Props.integer(p, MqttPropertyType.TOPIC_ALIAS_MAXIMUM, 0),
                problem == 1, response == 1, authMethod, authData, will);
    }

    private static Will will(MqttConnectVariableHeader h, MqttConnectPayload payload, boolean v5) {
        int willQos = h.willQos();
        if (!h.isWillFlag()) {
            if (willQos != 0) {
                throw new ProtocolViolation("MQTT-3.1.2-13", ProtocolViolation.MALFORMED, "will QoS without will flag");
            }
            if (h.isWillRetain()) {
                throw new ProtocolViolation("MQTT-3.1.2-15", ProtocolViolation.MALFORMED,
                        "will retain without will flag");
            }
            return null;
        }
        if (willQos > 2) {
            throw new ProtocolViolation("MQTT-3.1.2-14", ProtocolViolation.MALFORMED, "will QoS 3");
        }
        if (!Topics.isValidName(payload.willTopic())) {
            throw new ProtocolViolation("MQTT-3.1.3-10", "invalid will topic: " + payload.willTopic());
        }
        if (!v5) {
            return new Will(payload.willTopic(), payload.willMessageInBytes(), willQos, h.isWillRetain());
        }
        MqttProperties wp = payload.willProperties();
        MessageProperties props = PublishEncoding.fromWire(wp);
        if (props.payloadFormat() == 1 && !Payload.isUtf8(ByteBuffer.wrap(payload.willMessageInBytes()))) {
            throw new ProtocolViolation("MQTT5-3.1.3.2.3", ProtocolViolation.PAYLOAD_FORMAT_INVALID,
                    "will payload is not UTF-8");
        }
        long expiry = Props.integer(wp, MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL, -1);
        return new Will(payload.willTopic(), payload.willMessageInBytes(), willQos, h.isWillRetain(),
                Props.integer(wp, MqttPropertyType.WILL_DELAY_INTERVAL, 0), expiry, props);
    }

}
