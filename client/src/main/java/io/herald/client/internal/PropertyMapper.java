package io.herald.client.internal;

import io.herald.client.MessageProperties;
import io.herald.client.UserProperty;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.BinaryProperty;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttProperty;
import io.netty.handler.codec.mqtt.MqttProperties.StringPair;
import io.netty.handler.codec.mqtt.MqttProperties.StringProperty;
import java.util.ArrayList;
import java.util.List;

/** Maps between the SDK's property records and Netty's {@link MqttProperties}. Stateless. */
final class PropertyMapper {

    private PropertyMapper() {}

    static MqttProperties toNetty(MessageProperties p) {
        if (p.isEmpty()) {
            return MqttProperties.NO_PROPERTIES;
        }
        MqttProperties out = new MqttProperties();
        if (p.payloadFormatUtf8() != null) {
            out.add(new IntegerProperty(MqttProperties.PAYLOAD_FORMAT_INDICATOR, p.payloadFormatUtf8() ? 1 : 0));
        }
        if (p.messageExpirySeconds() != null) {
            out.add(new IntegerProperty(MqttProperties.PUBLICATION_EXPIRY_INTERVAL,
                    (int) p.messageExpirySeconds().longValue()));
        }
        if (p.contentType() != null) {
            out.add(new StringProperty(MqttProperties.CONTENT_TYPE, p.contentType()));
        }
        if (p.responseTopic() != null) {
            out.add(new StringProperty(MqttProperties.RESPONSE_TOPIC, p.responseTopic()));
        }
        if (p.correlationData() != null) {
            out.add(new BinaryProperty(MqttProperties.CORRELATION_DATA, p.correlationData()));
        }
        addUserProperties(out, p.userProperties());
        return out;
    }

    static void addUserProperties(MqttProperties out, List<UserProperty> userProperties) {
        for (UserProperty u : userProperties) {
            out.add(new MqttProperties.UserProperty(u.name(), u.value()));
        }
    }

    static MessageProperties fromNetty(MqttProperties props) {
        if (props == null || props.isEmpty()) {
            return MessageProperties.NONE;
        }
        Integer format = intValue(props, MqttProperties.PAYLOAD_FORMAT_INDICATOR);
        Integer expiry = intValue(props, MqttProperties.PUBLICATION_EXPIRY_INTERVAL);
        MqttProperty<?> correlation = props.getProperty(MqttProperties.CORRELATION_DATA);
        List<Integer> subscriptionIds = new ArrayList<>();
        for (MqttProperty<?> id : props.getProperties(MqttProperties.SUBSCRIPTION_IDENTIFIER)) {
            subscriptionIds.add((Integer) id.value());
        }
        return new MessageProperties(format == null ? null : format == 1,
                expiry == null ? null : Integer.toUnsignedLong(expiry),
                stringValue(props, MqttProperties.CONTENT_TYPE), stringValue(props, MqttProperties.RESPONSE_TOPIC),
                correlation == null ? null : (byte[]) correlation.value(), userProperties(props), subscriptionIds);
    }

    static List<UserProperty> userProperties(MqttProperties props) {
        if (props == null) {
            return List.of();
        }
        MqttProperty<?> p = props.getProperty(MqttProperties.USER_PROPERTY);
        if (!(p instanceof MqttProperties.UserProperties all)) {
            return List.of();
        }
        List<UserProperty> out = new ArrayList<>();
        for (StringPair pair : all.value()) {
            out.add(new UserProperty(pair.key, pair.value));
        }
        return out;
    }

    static Integer intValue(MqttProperties props, int id) {
        if (props == null) {
            return null;
        }
        MqttProperty<?> p = props.getProperty(id);
        return p == null ? null : (Integer) p.value();
    }

    static int intValue(MqttProperties props, int id, int absent) {
        Integer v = intValue(props, id);
        return v == null ? absent : v;
    }

    static String stringValue(MqttProperties props, int id) {
        if (props == null) {
            return null;
        }
        MqttProperty<?> p = props.getProperty(id);
        return p == null ? null : (String) p.value();
    }
}
