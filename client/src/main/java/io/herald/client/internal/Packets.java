package io.herald.client.internal;

import io.herald.client.MqttClientConfig;
import io.herald.client.ProtocolVersion;
import io.herald.client.PublishMessage;
import io.herald.client.Subscription;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscribePayload;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribePayload;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.util.List;

/** Builds the packets the client sends as Netty MQTT messages. Stateless. */
final class Packets {

    private Packets() {}

    static MqttVersion nettyVersion(ProtocolVersion v) {
        return switch (v) {
            case MQTT_3_1 -> MqttVersion.MQTT_3_1;
            case MQTT_3_1_1 -> MqttVersion.MQTT_3_1_1;
            case MQTT_5 -> MqttVersion.MQTT_5;
        };
    }

    static MqttConnectMessage connect(MqttClientConfig c) {
        boolean v5 = c.protocolVersion() == ProtocolVersion.MQTT_5;
        MqttMessageBuilders.ConnectBuilder b = MqttMessageBuilders.connect()
                .protocolVersion(nettyVersion(c.protocolVersion()))
                .clientId(c.clientId())
                .keepAlive(c.keepAliveSeconds())
                .cleanSession(c.cleanSession());
        if (c.username() != null) {
            b.hasUser(true).username(c.username());
        }
        if (c.password() != null) {
            b.hasPassword(true).password(c.password());
        }
        if (c.will() != null) {
            PublishMessage w = c.will();
            b.willFlag(true).willTopic(w.topic()).willMessage(w.payload()).willQoS(MqttQoS.valueOf(w.qos()))
                    .willRetain(w.retain());
            if (v5) {
                b.willProperties(PropertyMapper.toNetty(w.properties()));
            }
        }
        if (v5) {
            MqttProperties props = new MqttProperties();
            if (c.sessionExpirySeconds() > 0) {
                props.add(new MqttProperties.IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL,
                        (int) c.sessionExpirySeconds()));
            }
            if (c.maximumPacketSize() < MqttClientConfig.MQTT_MAX_PACKET_SIZE) {
                props.add(new MqttProperties.IntegerProperty(MqttProperties.MAXIMUM_PACKET_SIZE,
                        c.maximumPacketSize()));
            }
            PropertyMapper.addUserProperties(props, c.connectUserProperties());
            b.properties(props);
        }
        return b.build();
    }

    /** The CONNECT to write: Netty's message, or bytes where Netty would refuse a long MQTT 3.1 client id. */
    static Object connectFrame(MqttClientConfig c) {
        MqttConnectMessage m = connect(c);
        return c.protocolVersion() == ProtocolVersion.MQTT_3_1 && Mqtt31Connect.needed(c.clientId())
                ? Mqtt31Connect.encode(m, ByteBufAllocator.DEFAULT) : m;
    }

    static MqttPublishMessage publish(PublishMessage m, int packetId, boolean dup, ProtocolVersion v) {
        MqttProperties props = v == ProtocolVersion.MQTT_5 ? PropertyMapper.toNetty(m.properties())
                : MqttProperties.NO_PROPERTIES;
        return new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, dup, MqttQoS.valueOf(m.qos()), m.retain(), 0),
                new MqttPublishVariableHeader(m.topic(), m.qos() == 0 ? -1 : packetId, props),
                Unpooled.wrappedBuffer(m.payload()));
    }

    /** PUBACK, PUBREC, PUBREL or PUBCOMP with reason code 0 (success, omitted on the wire). */
    static MqttMessage ack(MqttMessageType type, int packetId) {
        // [MQTT-3.6.1-1] PUBREL has fixed header flags 0010
        MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        return new MqttMessage(new MqttFixedHeader(type, false, qos, false, 0),
                MqttMessageIdVariableHeader.from(packetId));
    }

    static MqttSubscribeMessage subscribe(int packetId, List<Subscription> subscriptions) {
        List<MqttTopicSubscription> topics = subscriptions.stream()
                .map(s -> new MqttTopicSubscription(s.filter(), new MqttSubscriptionOption(MqttQoS.valueOf(s.qos()),
                        s.noLocal(), s.retainAsPublished(),
                        MqttSubscriptionOption.RetainedHandlingPolicy.valueOf(s.retainHandling()))))
                .toList();
        // [MQTT-3.8.1-1] SUBSCRIBE has fixed header flags 0010
        return new MqttSubscribeMessage(
                new MqttFixedHeader(MqttMessageType.SUBSCRIBE, false, MqttQoS.AT_LEAST_ONCE, false, 0),
                new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES),
                new MqttSubscribePayload(topics));
    }

    static MqttUnsubscribeMessage unsubscribe(int packetId, List<String> filters) {
        // [MQTT-3.10.1-1] UNSUBSCRIBE has fixed header flags 0010
        return new MqttUnsubscribeMessage(
                new MqttFixedHeader(MqttMessageType.UNSUBSCRIBE, false, MqttQoS.AT_LEAST_ONCE, false, 0),
                new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES),
                new MqttUnsubscribePayload(filters));
    }

    static MqttMessage disconnect(ProtocolVersion v, int reasonCode) {
        if (v != ProtocolVersion.MQTT_5) {
            return MqttMessage.DISCONNECT;
        }
        return new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttReasonCodeAndPropertiesVariableHeader((byte) reasonCode, MqttProperties.NO_PROPERTIES));
    }

    static MqttMessage pingReq() {
        return MqttMessage.PINGREQ;
    }
}
