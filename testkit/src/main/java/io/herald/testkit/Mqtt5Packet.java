package io.herald.testkit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An MQTT 5 packet the broker sent, decoded from its bytes so a test can assert on fields whose
 * order the spec leaves open (properties). Fields a packet type lacks are -1, null or empty. Immutable
 * apart from the arrays, which a test must not modify.
 *
 * @param type the control packet type, the high four bits of the first byte [MQTT-2.1.2]
 * @param flags the low four bits of the first byte
 * @param packetId the Packet Identifier, -1 when the packet has none
 * @param reasonCode the Reason Code (CONNACK, PUBACK..PUBCOMP, DISCONNECT, AUTH); 0x00 when the
 *     packet leaves it out as it may [MQTT-3.4.2.1] [MQTT-3.14.2.1]; -1 for other types
 * @param sessionPresent CONNACK's Session Present flag
 * @param topic a PUBLISH's Topic Name (empty when a Topic Alias stands for it)
 * @param reasonCodes SUBACK's and UNSUBACK's Reason Codes, one per Topic Filter
 * @param raw the whole packet as received
 */
public record Mqtt5Packet(
        int type,
        int flags,
        int packetId,
        int reasonCode,
        boolean sessionPresent,
        String topic,
        Mqtt5Properties properties,
        byte[] payload,
        List<Integer> reasonCodes,
        byte[] raw) {

    public static final int CONNACK = 2;
    public static final int PUBLISH = 3;
    public static final int PUBACK = 4;
    public static final int PUBREC = 5;
    public static final int PUBREL = 6;
    public static final int PUBCOMP = 7;
    public static final int SUBACK = 9;
    public static final int UNSUBACK = 11;
    public static final int PINGRESP = 13;
    public static final int DISCONNECT = 14;
    public static final int AUTH = 15;

    private static final String[] NAMES = {"RESERVED", "CONNECT", "CONNACK", "PUBLISH", "PUBACK", "PUBREC",
        "PUBREL", "PUBCOMP", "SUBSCRIBE", "SUBACK", "UNSUBSCRIBE", "UNSUBACK", "PINGREQ", "PINGRESP", "DISCONNECT",
        "AUTH"};

    /** Decodes one whole packet (fixed header included) as an MQTT 5 server sends it. */
    public static Mqtt5Packet parse(byte[] raw) {
        ByteBuffer in = ByteBuffer.wrap(raw);
        int first = in.get() & 0xFF;
        int type = first >> 4;
        int flags = first & 0x0F;
        int remaining = Mqtt5Properties.readVariable(in);
        int end = in.position() + remaining;
        int packetId = -1;
        int reason = -1;
        boolean sessionPresent = false;
        String topic = null;
        Mqtt5Properties props = Mqtt5Properties.of();
        byte[] payload = null;
        List<Integer> codes = List.of();
        switch (type) {
            case CONNACK -> {
                sessionPresent = (in.get() & 0x01) != 0;
                reason = in.get() & 0xFF;
                props = in.position() < end ? Mqtt5Properties.read(in) : props;
            }
            case PUBLISH -> {
                topic = Mqtt5Properties.readString(in);
                if ((flags & 0x06) != 0) {
                    packetId = in.getShort() & 0xFFFF;
                }
                props = Mqtt5Properties.read(in);
                payload = new byte[end - in.position()];
                in.get(payload);
            }
            case PUBACK, PUBREC, PUBREL, PUBCOMP -> {
                packetId = in.getShort() & 0xFFFF;
                reason = in.position() < end ? in.get() & 0xFF : 0;
                props = in.position() < end ? Mqtt5Properties.read(in) : props;
            }
            case SUBACK, UNSUBACK -> {
                packetId = in.getShort() & 0xFFFF;
                props = Mqtt5Properties.read(in);
                List<Integer> list = new ArrayList<>();
                while (in.position() < end) {
                    list.add(in.get() & 0xFF);
                }
                codes = List.copyOf(list);
            }
            case DISCONNECT, AUTH -> {
                reason = in.position() < end ? in.get() & 0xFF : 0;
                props = in.position() < end ? Mqtt5Properties.read(in) : props;
            }
            default -> { }
        }
        if (in.position() != end) {
            throw new AssertionError(name(type) + " has " + (end - in.position()) + " bytes beyond its fields: ["
                    + MqttPackets.toHex(raw) + "]");
        }
        return new Mqtt5Packet(type, flags, packetId, reason, sessionPresent, topic, props, payload, codes, raw);
    }

    public static String name(int type) {
        return NAMES[type];
    }

    public int qos() {
        return (flags >> 1) & 0x03;
    }

    public boolean retain() {
        return (flags & 0x01) != 0;
    }

    public boolean dup() {
        return (flags & 0x08) != 0;
    }

    /** The payload as UTF-8 text. */
    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** The size of the whole packet in bytes, as Maximum Packet Size counts it [MQTT-3.1.2.11.4]. */
    public int size() {
        return raw.length;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(name(type));
        if (packetId >= 0) {
            s.append(" id=").append(packetId);
        }
        if (reasonCode >= 0) {
            s.append(String.format(" reason=0x%02X", reasonCode));
        }
        if (type == CONNACK) {
            s.append(" sessionPresent=").append(sessionPresent);
        }
        if (topic != null) {
            s.append(" topic='").append(topic).append("' qos=").append(qos()).append(" retain=").append(retain())
                    .append(" dup=").append(dup()).append(" payload='").append(payloadText()).append('\'');
        }
        if (!reasonCodes.isEmpty()) {
            s.append(" codes=").append(reasonCodes.stream().map(c -> String.format("0x%02X", c)).toList());
        }
        return s.append(" props=").append(properties).toString();
    }
}
