package io.herald.broker.codec;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.BinaryProperty;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttProperties.StringProperty;

/** Typed reads and writes of MQTT 5 properties over Netty's property bag. Stateless. */
public final class Props {

    private Props() {}

    /** The value of an integer property (unsigned for four-byte ones), or {@code absent}. */
    public static long integer(MqttProperties props, MqttPropertyType type, long absent) {
        MqttProperties.MqttProperty<?> p = props.getProperty(type.value());
        return p instanceof IntegerProperty i ? Integer.toUnsignedLong(i.value()) : absent;
    }

    public static boolean has(MqttProperties props, MqttPropertyType type) {
        return props.getProperty(type.value()) != null;
    }

    public static String string(MqttProperties props, MqttPropertyType type) {
        MqttProperties.MqttProperty<?> p = props.getProperty(type.value());
        return p instanceof StringProperty s ? s.value() : null;
    }

    public static byte[] binary(MqttProperties props, MqttPropertyType type) {
        MqttProperties.MqttProperty<?> p = props.getProperty(type.value());
        return p instanceof BinaryProperty b ? b.value() : null;
    }

    public static void add(MqttProperties props, MqttPropertyType type, long value) {
        props.add(new IntegerProperty(type.value(), (int) value));
    }

    public static void add(MqttProperties props, MqttPropertyType type, String value) {
        props.add(new StringProperty(type.value(), value));
    }

    public static void add(MqttProperties props, MqttPropertyType type, byte[] value) {
        props.add(new BinaryProperty(type.value(), value));
    }

    /**
     * Properties holding just a Reason String, left out when the packet would then exceed the client's
     * Maximum Packet Size [MQTT-3.1.2-25] (as for DISCONNECT [MQTT-3.14.2-3] and CONNACK [MQTT-3.2.2-19]).
     *
     * @param variableBytes the packet's variable header bytes before its properties
     */
    public static MqttProperties reasonWithin(String reason, int variableBytes, long maximumPacketSize) {
        if (reason == null) {
            return MqttProperties.NO_PROPERTIES;
        }
        long props = 3L + ByteBufUtil.utf8Bytes(reason);
        long remaining = variableBytes + PublishEncoding.varIntSize(props) + props;
        long total = 1 + PublishEncoding.varIntSize(remaining) + remaining;
        return total <= maximumPacketSize ? reason(reason) : MqttProperties.NO_PROPERTIES;
    }

    /** Properties holding just a Reason String, or none when {@code reason} is null [MQTT-3.1.2-29]. */
    public static MqttProperties reason(String reason) {
        if (reason == null) {
            return MqttProperties.NO_PROPERTIES;
        }
        MqttProperties props = new MqttProperties();
        add(props, MqttPropertyType.REASON_STRING, reason);
        return props;
    }
}
