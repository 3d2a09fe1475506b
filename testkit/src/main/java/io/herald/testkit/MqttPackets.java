package io.herald.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Byte-level builders for MQTT 3.1 / 3.1.1 packets, for tests. Every field is written where it is
 * named, so a test reads like the packet layout in the spec. The builders validate nothing: a test may
 * ask for QoS 3, packet id 0 or a reserved flag on purpose. Stateless; the connect and publish
 * builders are mutable and used by one thread.
 */
public final class MqttPackets {

    /** Protocol level 3: MQTT 3.1, protocol name {@code MQIsdp}. */
    public static final int MQTT_3_1 = 3;
    /** Protocol level 4: MQTT 3.1.1, protocol name {@code MQTT}. */
    public static final int MQTT_3_1_1 = 4;

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    private MqttPackets() {}

    /** A CONNECT for {@code level} (3 or 4) with clean session and keep alive 60 s. */
    public static Connect connect(int level, String clientId) {
        return new Connect(level, clientId);
    }

    /** A PUBLISH of {@code payload} to {@code topic} at QoS 0 without flags. */
    public static Publish publish(String topic, String payload) {
        return new Publish(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    public static Publish publish(String topic, byte[] payload) {
        return new Publish(topic, payload);
    }

    public static byte[] connack(boolean sessionPresent, int returnCode) {
        return packet(0x20,             // CONNACK, flags 0
                u8(sessionPresent ? 1 : 0), // connect acknowledge flags: session present
                u8(returnCode));        // connect return code
    }

    public static byte[] puback(int packetId) {
        return packet(0x40, u16(packetId)); // PUBACK, packet id
    }

    public static byte[] pubrec(int packetId) {
        return packet(0x50, u16(packetId)); // PUBREC, packet id
    }

    public static byte[] pubrel(int packetId) {
        return packet(0x62, u16(packetId)); // PUBREL, flags 0010 [MQTT-3.6.1-1], packet id
    }

    public static byte[] pubcomp(int packetId) {
        return packet(0x70, u16(packetId)); // PUBCOMP, packet id
    }

    /** SUBSCRIBE for one filter. */
    public static byte[] subscribe(int packetId, String filter, int qos) {
        return packet(0x82,   // SUBSCRIBE, flags 0010 [MQTT-3.8.1-1]
                u16(packetId), // packet id
                str(filter),   // topic filter
                u8(qos));      // requested QoS
    }

    /** SUBSCRIBE for several filters: {@code filters[i]} at {@code qos[i]}. */
    public static byte[] subscribe(int packetId, String[] filters, int[] qos) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        for (int i = 0; i < filters.length; i++) {
            payload.writeBytes(str(filters[i])); // topic filter
            payload.write(qos[i]);               // requested QoS
        }
        return packet(0x82, u16(packetId), payload.toByteArray());
    }

    public static byte[] suback(int packetId, int... returnCodes) {
        byte[] codes = new byte[returnCodes.length];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (byte) returnCodes[i]; // granted QoS or 0x80 failure, one per filter in order
        }
        return packet(0x90, u16(packetId), codes); // SUBACK, packet id, return codes
    }

    public static byte[] unsubscribe(int packetId, String... filters) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        for (String f : filters) {
            payload.writeBytes(str(f)); // topic filter
        }
        return packet(0xA2, u16(packetId), payload.toByteArray()); // UNSUBSCRIBE, flags 0010 [MQTT-3.10.1-1]
    }

    public static byte[] unsuback(int packetId) {
        return packet(0xB0, u16(packetId)); // UNSUBACK, packet id
    }

    public static byte[] pingreq() {
        return bytes(0xC0, 0x00); // PINGREQ, remaining length 0
    }

    public static byte[] pingresp() {
        return bytes(0xD0, 0x00); // PINGRESP, remaining length 0
    }

    public static byte[] disconnect() {
        return bytes(0xE0, 0x00); // DISCONNECT, remaining length 0
    }

    /** A packet: the first byte of the fixed header, the remaining length, then {@code parts} in order. */
    public static byte[] packet(int firstByte, byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            body.writeBytes(p);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        out.writeBytes(remainingLength(body.size()));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /** The variable-length encoding of a remaining length [MQTT-2.2.3]. */
    public static byte[] remainingLength(int value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int x = value;
        do {
            int digit = x % 128;
            x /= 128;
            out.write(x > 0 ? digit | 0x80 : digit);
        } while (x > 0);
        return out.toByteArray();
    }

    /** A UTF-8 string with its two-byte length prefix [MQTT-1.5.3]. */
    public static byte[] str(String s) {
        return str(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Raw bytes with a two-byte length prefix, for strings a test wants ill-formed. */
    public static byte[] str(byte[] raw) {
        return concat(u16(raw.length), raw);
    }

    public static byte[] u16(int value) {
        return bytes(value >> 8, value);
    }

    public static byte[] u8(int value) {
        return bytes(value);
    }

    /** Each int's low byte. */
    public static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    /** Bytes from hex pairs, spaces allowed: {@code "10 0c 00 04"}. */
    public static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    public static String toHex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** The topic name of a PUBLISH the broker sent (the variable header's first field at every level). */
    public static String publishTopic(byte[] publish) {
        int at = variableHeader(publish);
        return new String(publish, at + 2, u16At(publish, at), StandardCharsets.UTF_8);
    }

    /** The packet id of a PUBLISH the broker sent; 0 for QoS 0, which has none [MQTT-2.3.1-5]. */
    public static int publishPacketId(byte[] publish) {
        if ((publish[0] & 0x06) == 0) {
            return 0;
        }
        int at = variableHeader(publish);
        return u16At(publish, at + 2 + u16At(publish, at));
    }

    /** The payload of an MQTT 3 PUBLISH the broker sent (one without properties). */
    public static byte[] publishPayload(byte[] publish) {
        int at = variableHeader(publish);
        int start = at + 2 + u16At(publish, at) + ((publish[0] & 0x06) == 0 ? 0 : 2);
        return Arrays.copyOfRange(publish, start, publish.length);
    }

    /** Where a received packet's variable header starts: after the type byte and the remaining length. */
    private static int variableHeader(byte[] packet) {
        if ((packet[0] & 0xF0) != 0x30) {
            throw new AssertionError("expected a PUBLISH but got [" + toHex(packet) + "]");
        }
        int i = 1;
        while ((packet[i] & 0x80) != 0) {
            i++;
        }
        return i + 1;
    }

    private static int u16At(byte[] packet, int at) {
        return (packet[at] & 0xFF) << 8 | packet[at + 1] & 0xFF;
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** CONNECT [MQTT-3.1]; defaults: clean session, keep alive 60 s, no will, no credentials. */
    public static final class Connect {
        private final int level;
        private final String clientId;
        private String protocolName;
        private boolean clean = true;
        private int keepAlive = 60;
        private boolean reserved;
        private String willTopic;
        private byte[] willMessage;
        private int willQos;
        private boolean willRetain;
        private boolean willFlag;
        private String username;
        private byte[] password;
        private boolean passwordFlag;

        private Connect(int level, String clientId) {
            this.level = level;
            this.clientId = clientId;
            this.protocolName = level == MQTT_3_1 ? "MQIsdp" : "MQTT";
        }

        public Connect protocolName(String name) {
            protocolName = name;
            return this;
        }

        public Connect clean(boolean value) {
            clean = value;
            return this;
        }

        public Connect keepAlive(int seconds) {
            keepAlive = seconds;
            return this;
        }

        /** Sets the reserved bit 0 of the connect flags, which must be 0 [MQTT-3.1.2-3]. */
        public Connect reservedFlag() {
            reserved = true;
            return this;
        }

        public Connect will(String topic, String message, int qos, boolean retain) {
            willTopic = topic;
            willMessage = message.getBytes(StandardCharsets.UTF_8);
            willQos = qos;
            willRetain = retain;
            willFlag = true;
            return this;
        }

        /** Sets the will QoS and retain bits while leaving the will flag 0 (a protocol violation). */
        public Connect willBitsWithoutWillFlag(int qos, boolean retain) {
            willQos = qos;
            willRetain = retain;
            return this;
        }

        public Connect username(String value) {
            username = value;
            return this;
        }

        public Connect password(String value) {
            password = value.getBytes(StandardCharsets.UTF_8);
            passwordFlag = true;
            return this;
        }

        public byte[] toBytes() {
            int flags = (username != null ? 0x80 : 0)   // bit 7: user name flag
                    | (passwordFlag ? 0x40 : 0)         // bit 6: password flag
                    | (willRetain ? 0x20 : 0)           // bit 5: will retain
                    | (willQos & 0x03) << 3             // bits 4-3: will QoS
                    | (willFlag ? 0x04 : 0)             // bit 2: will flag
                    | (clean ? 0x02 : 0)                // bit 1: clean session
                    | (reserved ? 0x01 : 0);            // bit 0: reserved
            return packet(0x10,                                   // CONNECT, flags 0
                    str(protocolName),                            // protocol name
                    u8(level),                                    // protocol level
                    u8(flags),                                    // connect flags
                    u16(keepAlive),                               // keep alive, seconds
                    str(clientId),                                // client identifier
                    willFlag ? str(willTopic) : new byte[0],      // will topic
                    willFlag ? str(willMessage) : new byte[0],    // will message
                    username != null ? str(username) : new byte[0], // user name
                    passwordFlag ? str(password) : new byte[0]);  // password
        }
    }

    /** PUBLISH [MQTT-3.3]; defaults: QoS 0, no DUP, no retain, no packet id. */
    public static final class Publish {
        private final String topic;
        private final byte[] payload;
        private int qos;
        private int packetId;
        private boolean dup;
        private boolean retain;

        private Publish(String topic, byte[] payload) {
            this.topic = topic;
            this.payload = payload;
        }

        /** QoS 1 or 2 with {@code packetId}; QoS 0 drops the id; QoS 3 is written as asked. */
        public Publish qos(int value, int id) {
            qos = value;
            packetId = id;
            return this;
        }

        public Publish dup() {
            dup = true;
            return this;
        }

        public Publish retain() {
            retain = true;
            return this;
        }

        public Publish retain(boolean value) {
            retain = value;
            return this;
        }

        public byte[] toBytes() {
            int firstByte = 0x30              // PUBLISH
                    | (dup ? 0x08 : 0)        // bit 3: DUP
                    | (qos & 0x03) << 1       // bits 2-1: QoS
                    | (retain ? 0x01 : 0);    // bit 0: RETAIN
            return packet(firstByte,
                    str(topic),                                 // topic name
                    qos > 0 ? u16(packetId) : new byte[0],      // packet id, only for QoS > 0
                    payload);                                   // payload
        }
    }
}
