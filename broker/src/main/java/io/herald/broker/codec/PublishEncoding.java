package io.herald.broker.codec;

import io.herald.broker.message.Message;
import io.herald.broker.message.MessageProperties;
import io.herald.broker.publish.UserProperty;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.BinaryProperty;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttProperties.StringProperty;
import io.netty.handler.codec.mqtt.MqttProperties.UserProperties;
import java.util.ArrayList;
import java.util.List;

/**
 * Sizes of an outbound PUBLISH for both protocol levels (MQTT 3: topic and payload; MQTT 5 also the
 * message's properties, the remaining Message Expiry Interval [MQTT-3.3.2-6], subscription
 * identifiers and a topic alias), to honour the client's Maximum Packet Size [MQTT-3.1.2-24]; the
 * packet itself is {@link OutboundPublish}, written by {@link PublishEncoder}. Also takes the MQTT 5
 * properties of an inbound PUBLISH over into the message ({@link #fromWire}). Stateless.
 */
public final class PublishEncoding {

    /** What a Topic Alias property adds to a PUBLISH: identifier byte and two-byte value. */
    public static final int ALIAS_PROPERTY_BYTES = 3;

    private PublishEncoding() {}

    /** The encoded size of the PUBLISH without a topic alias: the largest form it can take. */
    public static long size(Message message, boolean v5, long nowMillis) {
        int props = v5 ? propertiesLength(message.properties(), message.remainingExpirySeconds(nowMillis)) : -1;
        long remaining = variableHeaderLength(ByteBufUtil.utf8Bytes(message.topic()), message.qos(), props)
                + message.payload().length();
        return 1 + varIntSize(remaining) + remaining;
    }

    /**
     * The bytes of a PUBLISH's variable header: topic name, packet identifier (QoS 1 and 2) and, in
     * MQTT 5, the properties with their length.
     *
     * @param propertiesLength the bytes of the MQTT 5 properties; negative for MQTT 3 (none, not even their length)
     */
    static int variableHeaderLength(int topicBytes, int qos, int propertiesLength) {
        int n = 2 + topicBytes + (qos > 0 ? 2 : 0);
        return propertiesLength < 0 ? n : n + varIntSize(propertiesLength) + propertiesLength;
    }

    /** The MQTT 5 properties of an inbound PUBLISH that travel with the message [MQTT-3.3.2-4]. */
    public static MessageProperties fromWire(MqttProperties props) {
        if (props.isEmpty()) {
            return MessageProperties.NONE;
        }
        IntegerProperty format = (IntegerProperty) props.getProperty(MqttPropertyType.PAYLOAD_FORMAT_INDICATOR.value());
        StringProperty contentType = (StringProperty) props.getProperty(MqttPropertyType.CONTENT_TYPE.value());
        StringProperty responseTopic = (StringProperty) props.getProperty(MqttPropertyType.RESPONSE_TOPIC.value());
        BinaryProperty correlation = (BinaryProperty) props.getProperty(MqttPropertyType.CORRELATION_DATA.value());
        List<UserProperty> users = new ArrayList<>();
        for (MqttProperties.MqttProperty<?> p : props.getProperties(MqttPropertyType.USER_PROPERTY.value())) {
            if (p instanceof MqttProperties.UserProperty u) {
                users.add(new UserProperty(u.value().key, u.value().value));
            } else if (p instanceof UserProperties list) {
                for (MqttProperties.StringPair pair : list.value()) {
                    users.add(new UserProperty(pair.key, pair.value));
                }
            }
        }
        return new MessageProperties(
                format == null ? -1 : format.value(),
                contentType == null ? null : contentType.value(),
                responseTopic == null ? null : responseTopic.value(),
                correlation == null ? null : correlation.value(),
                users,
                List.of());
    }

    /**
     * The bytes of a PUBLISH's MQTT 5 properties without a Topic Alias: those of {@code p}, and the
     * Message Expiry Interval when {@code expirySeconds} is not negative.
     */
    static int propertiesLength(MessageProperties p, long expirySeconds) {
        int n = 0;
        if (p.payloadFormat() >= 0) {
            n += 2;
        }
        if (expirySeconds >= 0) {
            n += 5;
        }
        if (p.responseTopic() != null) {
            n += 3 + ByteBufUtil.utf8Bytes(p.responseTopic());
        }
        if (p.correlationData() != null) {
            n += 3 + p.correlationData().length;
        }
        // indexed loops: no iterator per list and PUBLISH (the lists are immutable random-access ones)
        List<UserProperty> users = p.userProperties();
        for (int i = 0; i < users.size(); i++) {
            n += 5 + ByteBufUtil.utf8Bytes(users.get(i).name()) + ByteBufUtil.utf8Bytes(users.get(i).value());
        }
        List<Integer> ids = p.subscriptionIds();
        for (int i = 0; i < ids.size(); i++) {
            n += 1 + varIntSize(ids.get(i));
        }
        if (p.contentType() != null) {
            n += 3 + ByteBufUtil.utf8Bytes(p.contentType());
        }
        return n;
    }

    public static int varIntSize(long value) {
        int n = 1;
        while (value >= 128) {
            value /= 128;
            n++;
        }
        return n;
    }
}
