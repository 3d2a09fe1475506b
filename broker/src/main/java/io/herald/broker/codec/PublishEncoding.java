package io.herald.broker.codec;

import io.herald.broker.message.Message;
import io.herald.broker.message.MessageProperties;
import io.herald.broker.publish.UserProperty;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.BinaryProperty;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttProperties.StringProperty;
import io.netty.handler.codec.mqtt.MqttProperties.UserProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.ArrayList;
import java.util.List;

/**
 * Outbound PUBLISH for both protocol levels: MQTT 3 gets topic and payload; MQTT 5 also gets the
 * message's properties, the remaining Message Expiry Interval [MQTT-3.3.2-6], subscription
 * identifiers and a topic alias. Also computes the encoded size, to honour the client's Maximum
 * Packet Size [MQTT-3.1.2-24]. Stateless.
 */
public final class PublishEncoding {

    /** What a Topic Alias property adds to a PUBLISH: identifier byte and two-byte value. */
    public static final int ALIAS_PROPERTY_BYTES = 3;

    private PublishEncoding() {}

    /** The bytes of the topic name in a PUBLISH (sent empty when a known alias stands for it). */
    public static long topicBytes(Message message) {
        return ByteBufUtil.utf8Bytes(message.topic());
    }

    /**
     * The PUBLISH packet for {@code message}.
     *
     * @param alias the topic alias to send, 0 for none
     * @param aliasKnown true when the client already has the alias: the topic name is sent empty
     */
    public static MqttPublishMessage publish(Message message, int packetId, boolean dup, boolean v5, long nowMillis,
            int alias, boolean aliasKnown) {
        MqttProperties props = v5 ? properties(message, nowMillis, alias) : MqttProperties.NO_PROPERTIES;
        String topic = v5 && aliasKnown ? "" : message.topic();
        return new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, dup, MqttQoS.valueOf(message.qos()), message.retain(), 0),
                new MqttPublishVariableHeader(topic, message.qos() == 0 ? -1 : packetId, props),
                message.payload().retainedBuffer());
    }

    /** The encoded size of the PUBLISH without a topic alias: the largest form it can take. */
    public static long size(Message message, boolean v5, long nowMillis) {
        long variable = 2L + ByteBufUtil.utf8Bytes(message.topic()) + (message.qos() > 0 ? 2 : 0);
        if (v5) {
            int props = propertiesLength(message, nowMillis);
            variable += varIntSize(props) + props;
        }
        long remaining = variable + message.payload().length();
        return 1 + varIntSize(remaining) + remaining;
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

    private static MqttProperties properties(Message message, long nowMillis, int alias) {
        MessageProperties p = message.properties();
        MqttProperties out = new MqttProperties();
        if (p.payloadFormat() >= 0) {
            out.add(new IntegerProperty(MqttPropertyType.PAYLOAD_FORMAT_INDICATOR.value(), p.payloadFormat()));
        }
        long expiry = message.remainingExpirySeconds(nowMillis);
        if (expiry >= 0) {
            out.add(new IntegerProperty(MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL.value(), (int) expiry));
        }
        if (alias > 0) {
            out.add(new IntegerProperty(MqttPropertyType.TOPIC_ALIAS.value(), alias));
        }
        if (p.responseTopic() != null) {
            out.add(new StringProperty(MqttPropertyType.RESPONSE_TOPIC.value(), p.responseTopic()));
        }
        if (p.correlationData() != null) {
            out.add(new BinaryProperty(MqttPropertyType.CORRELATION_DATA.value(), p.correlationData()));
        }
        for (UserProperty u : p.userProperties()) {
            out.add(new MqttProperties.UserProperty(u.name(), u.value()));
        }
        for (int id : p.subscriptionIds()) {
            out.add(new IntegerProperty(MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value(), id));
        }
        if (p.contentType() != null) {
            out.add(new StringProperty(MqttPropertyType.CONTENT_TYPE.value(), p.contentType()));
        }
        return out;
    }

    private static int propertiesLength(Message message, long nowMillis) {
        MessageProperties p = message.properties();
        int n = 0;
        if (p.payloadFormat() >= 0) {
            n += 2;
        }
        if (message.remainingExpirySeconds(nowMillis) >= 0) {
            n += 5;
        }
        if (p.responseTopic() != null) {
            n += 3 + ByteBufUtil.utf8Bytes(p.responseTopic());
        }
        if (p.correlationData() != null) {
            n += 3 + p.correlationData().length;
        }
        for (UserProperty u : p.userProperties()) {
            n += 5 + ByteBufUtil.utf8Bytes(u.name()) + ByteBufUtil.utf8Bytes(u.value());
        }
        for (int id : p.subscriptionIds()) {
            n += 1 + varIntSize(id);
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
