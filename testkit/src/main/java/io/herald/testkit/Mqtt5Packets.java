package io.herald.testkit;

import static io.herald.testkit.MqttPackets.bytes;
import static io.herald.testkit.MqttPackets.packet;
import static io.herald.testkit.MqttPackets.str;
import static io.herald.testkit.MqttPackets.u16;
import static io.herald.testkit.MqttPackets.u8;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Byte-level builders for the MQTT 5 packets a client sends [MQTT-3], the counterpart of
 * {@link MqttPackets} for protocol level 5: every packet carries its Property Length and properties
 * ({@link Mqtt5Properties}). Decode what the broker answers with {@link Mqtt5Packet#parse}. Validates
 * nothing, so a test can build a packet that breaks the rules on purpose. Stateless; the connect and
 * publish builders are mutable and used by one thread.
 */
public final class Mqtt5Packets {

    /** Protocol level 5. */
    public static final int MQTT_5 = 5;

    private static final byte[] NONE = new byte[0];

    private Mqtt5Packets() {}

    /** A CONNECT with Clean Start, keep alive 60 s and no properties. */
    public static Connect connect(String clientId) {
        return new Connect(clientId);
    }

    public static Publish publish(String topic, String payload) {
        return new Publish(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    public static Publish publish(String topic, byte[] payload) {
        return new Publish(topic, payload);
    }

    /**
     * The Subscription Options byte [MQTT-3.8.3.1]: bits 0-1 Maximum QoS, bit 2 No Local, bit 3 Retain As
     * Published, bits 4-5 Retain Handling.
     */
    public static int options(int qos, boolean noLocal, boolean retainAsPublished, int retainHandling) {
        return qos | (noLocal ? 0x04 : 0) | (retainAsPublished ? 0x08 : 0) | retainHandling << 4;
    }

    /** SUBSCRIBE for one filter with Subscription Options {@code options} and no properties. */
    public static byte[] subscribe(int packetId, String filter, int options) {
        return subscribe(packetId, Mqtt5Properties.of(), new String[] {filter}, new int[] {options});
    }

    /** SUBSCRIBE for one filter with properties (a Subscription Identifier, user properties). */
    public static byte[] subscribe(int packetId, Mqtt5Properties props, String filter, int options) {
        return subscribe(packetId, props, new String[] {filter}, new int[] {options});
    }

    /** SUBSCRIBE for {@code filters[i]} with options {@code options[i]}. */
    public static byte[] subscribe(int packetId, Mqtt5Properties props, String[] filters, int[] options) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        for (int i = 0; i < filters.length; i++) {
            payload.writeBytes(str(filters[i])); // topic filter
            payload.write(options[i]);           // subscription options
        }
        return packet(0x82,          // SUBSCRIBE, flags 0010 [MQTT-3.8.1-1]
                u16(packetId),        // packet id
                props.toBytes(),      // properties
                payload.toByteArray());
    }

    public static byte[] unsubscribe(int packetId, String... filters) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        for (String f : filters) {
            payload.writeBytes(str(f)); // topic filter
        }
        return packet(0xA2,                       // UNSUBSCRIBE, flags 0010 [MQTT-3.10.1-1]
                u16(packetId),                     // packet id
                Mqtt5Properties.of().toBytes(),    // no properties
                payload.toByteArray());
    }

    /** PUBACK with reason 0x00 in its shortest form: the packet id alone [MQTT-3.4.2.1]. */
    public static byte[] puback(int packetId) {
        return packet(0x40, u16(packetId));
    }

    public static byte[] puback(int packetId, int reasonCode, Mqtt5Properties props) {
        return packet(0x40, u16(packetId), u8(reasonCode), props.toBytes());
    }

    public static byte[] pubrec(int packetId) {
        return packet(0x50, u16(packetId));
    }

    public static byte[] pubrec(int packetId, int reasonCode) {
        return packet(0x50, u16(packetId), u8(reasonCode));
    }

    public static byte[] pubrel(int packetId) {
        return packet(0x62, u16(packetId)); // PUBREL, flags 0010 [MQTT-3.6.1-1]
    }

    public static byte[] pubcomp(int packetId) {
        return packet(0x70, u16(packetId));
    }

    public static byte[] pingreq() {
        return bytes(0xC0, 0x00);
    }

    /** DISCONNECT with reason 0x00 in its shortest form: remaining length 0 [MQTT-3.14.2.1]. */
    public static byte[] disconnect() {
        return bytes(0xE0, 0x00);
    }

    public static byte[] disconnect(int reasonCode, Mqtt5Properties props) {
        return packet(0xE0, u8(reasonCode), props.toBytes());
    }

    /** AUTH [MQTT-3.15]: 0x00 success, 0x18 continue authentication, 0x19 re-authenticate. */
    public static byte[] auth(int reasonCode, Mqtt5Properties props) {
        return packet(0xF0, u8(reasonCode), props.toBytes());
    }

    /** CONNECT [MQTT-3.1] at protocol level 5; defaults: Clean Start, keep alive 60 s, no will, no properties. */
    public static final class Connect {
        private final String clientId;
        private boolean cleanStart = true;
        private int keepAlive = 60;
        private Mqtt5Properties properties = Mqtt5Properties.of();
        private String willTopic;
        private byte[] willPayload;
        private int willQos;
        private boolean willRetain;
        private Mqtt5Properties willProperties = Mqtt5Properties.of();
        private String username;
        private byte[] password;

        private Connect(String clientId) {
            this.clientId = clientId;
        }

        public Connect cleanStart(boolean value) {
            cleanStart = value;
            return this;
        }

        public Connect keepAlive(int seconds) {
            keepAlive = seconds;
            return this;
        }

        public Connect properties(Mqtt5Properties value) {
            properties = value;
            return this;
        }

        /** Shorthand for a Session Expiry Interval property (added to the properties). */
        public Connect sessionExpiry(long seconds) {
            properties.sessionExpiry(seconds);
            return this;
        }

        public Connect will(String topic, String payload, int qos, boolean retain, Mqtt5Properties props) {
            return will(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retain, props);
        }

        public Connect will(String topic, byte[] payload, int qos, boolean retain, Mqtt5Properties props) {
            willTopic = topic;
            willPayload = payload;
            willQos = qos;
            willRetain = retain;
            willProperties = props;
            return this;
        }

        public Connect username(String value) {
            username = value;
            return this;
        }

        public Connect password(String value) {
            password = value.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        public byte[] toBytes() {
            boolean will = willTopic != null;
            int flags = (username != null ? 0x80 : 0)  // bit 7: user name flag
                    | (password != null ? 0x40 : 0)    // bit 6: password flag
                    | (willRetain ? 0x20 : 0)          // bit 5: will retain
                    | (willQos & 0x03) << 3            // bits 4-3: will QoS
                    | (will ? 0x04 : 0)                // bit 2: will flag
                    | (cleanStart ? 0x02 : 0);         // bit 1: clean start; bit 0 reserved
            return packet(0x10,                                         // CONNECT, flags 0
                    str("MQTT"),                                        // protocol name
                    u8(MQTT_5),                                         // protocol level
                    u8(flags),                                          // connect flags
                    u16(keepAlive),                                     // keep alive, seconds
                    properties.toBytes(),                               // properties
                    str(clientId),                                      // client identifier
                    will ? willProperties.toBytes() : NONE,             // will properties
                    will ? str(willTopic) : NONE,                       // will topic
                    will ? str(willPayload) : NONE,                     // will payload
                    username != null ? str(username) : NONE,            // user name
                    password != null ? str(password) : NONE);          // password
        }
    }

    /** PUBLISH [MQTT-3.3] at protocol level 5; defaults: QoS 0, no DUP, no retain, no properties. */
    public static final class Publish {
        private final String topic;
        private final byte[] payload;
        private int qos;
        private int packetId;
        private boolean dup;
        private boolean retain;
        private Mqtt5Properties properties = Mqtt5Properties.of();

        private Publish(String topic, byte[] payload) {
            this.topic = topic;
            this.payload = payload;
        }

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

        public Publish properties(Mqtt5Properties value) {
            properties = value;
            return this;
        }

        public byte[] toBytes() {
            int firstByte = 0x30              // PUBLISH
                    | (dup ? 0x08 : 0)        // bit 3: DUP
                    | (qos & 0x03) << 1       // bits 2-1: QoS
                    | (retain ? 0x01 : 0);    // bit 0: RETAIN
            return packet(firstByte,
                    str(topic),                              // topic name (empty when an alias stands for it)
                    qos > 0 ? u16(packetId) : NONE,          // packet id, only for QoS > 0
                    properties.toBytes(),                    // properties
                    payload);                                // payload
        }
    }
}
