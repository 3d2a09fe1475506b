package io.herald.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The properties of an MQTT 5 packet [MQTT-2.2.2], in wire order: built by a test to send, or decoded
 * from a packet the broker sent. Like {@link MqttPackets}, it validates nothing, so a test may send a
 * property twice or where it does not belong. Mutable; used by one thread.
 */
public final class Mqtt5Properties {

    public static final int PAYLOAD_FORMAT_INDICATOR = 0x01;
    public static final int MESSAGE_EXPIRY_INTERVAL = 0x02;
    public static final int CONTENT_TYPE = 0x03;
    public static final int RESPONSE_TOPIC = 0x08;
    public static final int CORRELATION_DATA = 0x09;
    public static final int SUBSCRIPTION_IDENTIFIER = 0x0B;
    public static final int SESSION_EXPIRY_INTERVAL = 0x11;
    public static final int ASSIGNED_CLIENT_IDENTIFIER = 0x12;
    public static final int SERVER_KEEP_ALIVE = 0x13;
    public static final int AUTHENTICATION_METHOD = 0x15;
    public static final int AUTHENTICATION_DATA = 0x16;
    public static final int REQUEST_PROBLEM_INFORMATION = 0x17;
    public static final int WILL_DELAY_INTERVAL = 0x18;
    public static final int REQUEST_RESPONSE_INFORMATION = 0x19;
    public static final int RESPONSE_INFORMATION = 0x1A;
    public static final int SERVER_REFERENCE = 0x1C;
    public static final int REASON_STRING = 0x1F;
    public static final int RECEIVE_MAXIMUM = 0x21;
    public static final int TOPIC_ALIAS_MAXIMUM = 0x22;
    public static final int TOPIC_ALIAS = 0x23;
    public static final int MAXIMUM_QOS = 0x24;
    public static final int RETAIN_AVAILABLE = 0x25;
    public static final int USER_PROPERTY = 0x26;
    public static final int MAXIMUM_PACKET_SIZE = 0x27;
    public static final int WILDCARD_SUBSCRIPTION_AVAILABLE = 0x28;
    public static final int SUBSCRIPTION_IDENTIFIER_AVAILABLE = 0x29;
    public static final int SHARED_SUBSCRIPTION_AVAILABLE = 0x2A;

    /** One property: integers are {@link Long}, strings {@link String}, binary data {@code byte[]}, pairs {@link Pair}. */
    public record Property(int id, Object value) {}

    /** A User Property's name and value [MQTT-3.3.2-17]. */
    public record Pair(String name, String value) {}

    private enum Kind { BYTE, TWO_BYTE, FOUR_BYTE, VARIABLE, STRING, BINARY, PAIR }

    private final List<Property> properties = new ArrayList<>();

    /** No properties yet. */
    public static Mqtt5Properties of() {
        return new Mqtt5Properties();
    }

    // ---- building ----

    /** Adds a property whose wire type follows from its id [MQTT-2.2.2.2]. */
    public Mqtt5Properties add(int id, Object value) {
        properties.add(new Property(id, value instanceof Integer i ? Long.valueOf(i) : value));
        return this;
    }

    public Mqtt5Properties payloadFormat(int value) {
        return add(PAYLOAD_FORMAT_INDICATOR, value);
    }

    public Mqtt5Properties messageExpiry(long seconds) {
        return add(MESSAGE_EXPIRY_INTERVAL, seconds);
    }

    public Mqtt5Properties contentType(String value) {
        return add(CONTENT_TYPE, value);
    }

    public Mqtt5Properties responseTopic(String value) {
        return add(RESPONSE_TOPIC, value);
    }

    public Mqtt5Properties correlationData(byte[] value) {
        return add(CORRELATION_DATA, value);
    }

    public Mqtt5Properties subscriptionId(long value) {
        return add(SUBSCRIPTION_IDENTIFIER, value);
    }

    public Mqtt5Properties sessionExpiry(long seconds) {
        return add(SESSION_EXPIRY_INTERVAL, seconds);
    }

    public Mqtt5Properties authMethod(String value) {
        return add(AUTHENTICATION_METHOD, value);
    }

    public Mqtt5Properties authData(byte[] value) {
        return add(AUTHENTICATION_DATA, value);
    }

    public Mqtt5Properties requestProblemInformation(int value) {
        return add(REQUEST_PROBLEM_INFORMATION, value);
    }

    public Mqtt5Properties willDelay(long seconds) {
        return add(WILL_DELAY_INTERVAL, seconds);
    }

    public Mqtt5Properties requestResponseInformation(int value) {
        return add(REQUEST_RESPONSE_INFORMATION, value);
    }

    public Mqtt5Properties reasonString(String value) {
        return add(REASON_STRING, value);
    }

    public Mqtt5Properties receiveMaximum(int value) {
        return add(RECEIVE_MAXIMUM, value);
    }

    public Mqtt5Properties topicAliasMaximum(int value) {
        return add(TOPIC_ALIAS_MAXIMUM, value);
    }

    public Mqtt5Properties topicAlias(int value) {
        return add(TOPIC_ALIAS, value);
    }

    public Mqtt5Properties userProperty(String name, String value) {
        return add(USER_PROPERTY, new Pair(name, value));
    }

    public Mqtt5Properties maximumPacketSize(long value) {
        return add(MAXIMUM_PACKET_SIZE, value);
    }

    /** The Property Length (a Variable Byte Integer) followed by the properties [MQTT-2.2.2.1]. */
    public byte[] toBytes() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Property p : properties) {
            body.writeBytes(MqttPackets.remainingLength(p.id())); // identifier, a Variable Byte Integer
            switch (kind(p.id())) {
                case BYTE -> body.write((int) (long) (Long) p.value());
                case TWO_BYTE -> body.writeBytes(MqttPackets.u16((int) (long) (Long) p.value()));
                case FOUR_BYTE -> body.writeBytes(u32((Long) p.value()));
                case VARIABLE -> body.writeBytes(MqttPackets.remainingLength((int) (long) (Long) p.value()));
                case STRING -> body.writeBytes(MqttPackets.str((String) p.value()));
                case BINARY -> body.writeBytes(MqttPackets.str((byte[]) p.value()));
                case PAIR -> {
                    Pair pair = (Pair) p.value();
                    body.writeBytes(MqttPackets.str(pair.name()));
                    body.writeBytes(MqttPackets.str(pair.value()));
                }
            }
        }
        return MqttPackets.concat(MqttPackets.remainingLength(body.size()), body.toByteArray());
    }

    // ---- decoding and reading ----

    /** Reads a Property Length and the properties it covers from {@code in}, leaving it after them. */
    public static Mqtt5Properties read(ByteBuffer in) {
        int length = readVariable(in);
        ByteBuffer props = in.slice(in.position(), length);
        in.position(in.position() + length);
        Mqtt5Properties out = new Mqtt5Properties();
        while (props.hasRemaining()) {
            int id = readVariable(props);
            Object value = switch (kind(id)) {
                case BYTE -> (long) (props.get() & 0xFF);
                case TWO_BYTE -> (long) (props.getShort() & 0xFFFF);
                case FOUR_BYTE -> props.getInt() & 0xFFFF_FFFFL;
                case VARIABLE -> (long) readVariable(props);
                case STRING -> readString(props);
                case BINARY -> readBinary(props);
                case PAIR -> new Pair(readString(props), readString(props));
            };
            out.properties.add(new Property(id, value));
        }
        return out;
    }

    public List<Property> all() {
        return List.copyOf(properties);
    }

    public boolean has(int id) {
        return properties.stream().anyMatch(p -> p.id() == id);
    }

    public boolean isEmpty() {
        return properties.isEmpty();
    }

    /** The value of the first property {@code id}, or null. */
    public Object get(int id) {
        return properties.stream().filter(p -> p.id() == id).map(Property::value).findFirst().orElse(null);
    }

    /** The values of every property {@code id}, in wire order. */
    public List<Object> getAll(int id) {
        return properties.stream().filter(p -> p.id() == id).map(Property::value).toList();
    }

    /** An integer property, or null when absent. */
    public Long integer(int id) {
        return (Long) get(id);
    }

    public String string(int id) {
        return (String) get(id);
    }

    public byte[] binary(int id) {
        return (byte[]) get(id);
    }

    /** The User Properties, in wire order. */
    public List<Pair> userProperties() {
        return getAll(USER_PROPERTY).stream().map(Pair.class::cast).toList();
    }

    /** Every Subscription Identifier, in wire order. */
    public List<Long> subscriptionIds() {
        return getAll(SUBSCRIPTION_IDENTIFIER).stream().map(Long.class::cast).toList();
    }

    /** The properties as id → value (the first of each id), for readable assertion messages. */
    public Map<Integer, Object> asMap() {
        Map<Integer, Object> map = new java.util.LinkedHashMap<>();
        properties.forEach(p -> map.putIfAbsent(p.id(), p.value()));
        return map;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("{");
        for (Property p : properties) {
            if (s.length() > 1) {
                s.append(", ");
            }
            s.append(String.format("0x%02X=", p.id()));
            s.append(p.value() instanceof byte[] b ? "[" + MqttPackets.toHex(b) + "]" : p.value());
        }
        return s.append('}').toString();
    }

    private static Kind kind(int id) {
        return switch (id) {
            case PAYLOAD_FORMAT_INDICATOR, REQUEST_PROBLEM_INFORMATION, REQUEST_RESPONSE_INFORMATION, MAXIMUM_QOS,
                    RETAIN_AVAILABLE, WILDCARD_SUBSCRIPTION_AVAILABLE, SUBSCRIPTION_IDENTIFIER_AVAILABLE,
                    SHARED_SUBSCRIPTION_AVAILABLE -> Kind.BYTE;
            case SERVER_KEEP_ALIVE, RECEIVE_MAXIMUM, TOPIC_ALIAS_MAXIMUM, TOPIC_ALIAS -> Kind.TWO_BYTE;
            case MESSAGE_EXPIRY_INTERVAL, SESSION_EXPIRY_INTERVAL, WILL_DELAY_INTERVAL, MAXIMUM_PACKET_SIZE ->
                    Kind.FOUR_BYTE;
            case SUBSCRIPTION_IDENTIFIER -> Kind.VARIABLE;
            case CONTENT_TYPE, RESPONSE_TOPIC, ASSIGNED_CLIENT_IDENTIFIER, AUTHENTICATION_METHOD, RESPONSE_INFORMATION,
                    SERVER_REFERENCE, REASON_STRING -> Kind.STRING;
            case CORRELATION_DATA, AUTHENTICATION_DATA -> Kind.BINARY;
            case USER_PROPERTY -> Kind.PAIR;
            default -> throw new IllegalArgumentException(String.format("unknown property id 0x%02X", id));
        };
    }

    private static byte[] u32(long value) {
        return MqttPackets.bytes((int) (value >> 24), (int) (value >> 16), (int) (value >> 8), (int) value);
    }

    static int readVariable(ByteBuffer in) {
        int value = 0;
        int multiplier = 1;
        int b;
        do {
            b = in.get() & 0xFF;
            value += (b & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((b & 0x80) != 0);
        return value;
    }

    static String readString(ByteBuffer in) {
        return new String(readBinary(in), StandardCharsets.UTF_8);
    }

    static byte[] readBinary(ByteBuffer in) {
        byte[] b = new byte[in.getShort() & 0xFFFF];
        in.get(b);
        return b;
    }
}
