package io.herald.broker.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.message.Message;
import io.herald.broker.message.MessageProperties;
import io.herald.broker.message.Payload;
import io.herald.broker.publish.UserProperty;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.BinaryProperty;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttProperties.StringProperty;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link PublishEncoder} writes the bytes Netty's {@link MqttEncoder} writes for the same PUBLISH, built
 * from the same data as the broker built it before (an {@link MqttPublishMessage}): both protocol
 * levels, every QoS, DUP and RETAIN, payloads from empty to a four-byte Remaining Length, every MQTT 5
 * property kind, topic aliases new and known, non-ASCII topics. Netty writes properties in the order of
 * its hash map, ours in the specification's table order, so both packets are compared with their
 * properties stably sorted into that order (which keeps the order of user properties and of
 * subscription identifiers); ours must already be in it.
 */
class PublishEncoderEquivalenceTest {

    private static final AttributeKey<MqttVersion> VERSION = AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");
    private static final long NOW = 1_765_000_000_000L;
    /** Property identifiers in the order of the PUBLISH property table [MQTT5-3.3.2.3]. */
    private static final List<Integer> TABLE_ORDER = List.of(0x01, 0x02, 0x23, 0x08, 0x09, 0x26, 0x0B, 0x03);

    private static final String[] TOPICS = {
        "t",
        "device/4711/telemetry",
        "häuser/温度/🚀/ß",
        "long/" + "x".repeat(300),
    };

    private static final int[] PAYLOAD_SIZES = {0, 1, 100, 20_000};

    private static final MessageProperties[] PROPERTIES = {
        MessageProperties.NONE,
        new MessageProperties(0, null, null, null, List.of(), List.of()),
        new MessageProperties(1, null, null, null, List.of(), List.of()),
        new MessageProperties(-1, "application/json; charset=utf-8", null, null, List.of(), List.of()),
        new MessageProperties(-1, null, "reply/to/é", null, List.of(), List.of()),
        new MessageProperties(-1, null, null, new byte[] {0, 1, (byte) 0xFF, 0x7F}, List.of(), List.of()),
        new MessageProperties(-1, null, null, new byte[0], List.of(), List.of()),
        new MessageProperties(-1, null, null, null,
                List.of(new UserProperty("k", "v"), new UserProperty("k", "v2"), new UserProperty("", ""),
                        new UserProperty("ключ", "值🚀")), List.of()),
        new MessageProperties(-1, null, null, null, List.of(), List.of(1)),
        new MessageProperties(-1, null, null, null, List.of(), List.of(127, 128, 16_383, 16_384, 268_435_455)),
        new MessageProperties(1, "text/plain", "r/t", "corr".getBytes(), List.of(new UserProperty("a", "b"),
                new UserProperty("c", "d")), List.of(7, 3)),
    };

    /** {@link Message#expiresAtMillis()} values: none, 1.5 s (sent as 2), past, beyond a signed int of seconds. */
    private static final long[] EXPIRIES = {Message.NEVER, NOW + 1_500, NOW - 10, NOW + 3_000_000_000_000L};

    /** Topic alias and whether the client knows it. */
    private static final int[][] ALIASES = {{0, 0}, {1, 0}, {7, 1}, {65_535, 0}, {65_535, 1}};

    @Test
    void everyCombination_encodesAsNettyDoes() {
        Random random = new Random(15);
        int cases = 0;
        for (boolean v5 : new boolean[] {false, true}) {
            for (int qos = 0; qos <= 2; qos++) {
                for (boolean dup : new boolean[] {false, true}) {
                    for (boolean retain : new boolean[] {false, true}) {
                        for (String topic : TOPICS) {
                            for (int size : PAYLOAD_SIZES) {
                                MessageProperties props = PROPERTIES[random.nextInt(PROPERTIES.length)];
                                long expiry = EXPIRIES[random.nextInt(EXPIRIES.length)];
                                int[] alias = v5 ? ALIASES[random.nextInt(ALIASES.length)] : ALIASES[0];
                                assertSameBytes(topic, payload(size, random), qos, retain, dup, 1 + random.nextInt(65_535),
                                        props, expiry, v5, alias[0], alias[1] == 1);
                                cases++;
                            }
                        }
                    }
                }
            }
        }
        assertThat(cases).isEqualTo(2 * 3 * 2 * 2 * TOPICS.length * PAYLOAD_SIZES.length);
    }

    @Test
    void everyPropertyKind_withEveryAliasAndExpiry_encodesAsNettyDoes() {
        for (MessageProperties props : PROPERTIES) {
            for (long expiry : EXPIRIES) {
                for (int[] alias : ALIASES) {
                    for (int qos = 0; qos <= 2; qos++) {
                        assertSameBytes("a/b", payload(10, new Random(qos)), qos, false, false, 42, props, expiry, true,
                                alias[0], alias[1] == 1);
                    }
                }
            }
        }
    }

    @Test
    void mqtt3_leavesTheMessagesPropertiesOut() {
        for (MessageProperties props : PROPERTIES) {
            assertSameBytes("a/b", payload(3, new Random(1)), 1, true, false, 9, props, NOW + 5_000, false, 0, false);
        }
    }

    @Test
    void payloadNeedingAFourByteRemainingLength_encodesAsNettyDoes() {
        Random random = new Random(4);
        for (boolean v5 : new boolean[] {false, true}) {
            assertSameBytes("big", payload(2_097_152, random), 1, false, false, 3, PROPERTIES[10], NOW + 1_000, v5, 0,
                    false);
        }
    }

    @Test
    void pooledDirectPayload_encodesAsNettyDoes() {
        byte[] bytes = payload(1_000, new Random(7));
        ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
        Payload pooled = Payload.adopt(direct);
        try {
            for (boolean v5 : new boolean[] {false, true}) {
                Message message = new Message("p/q", pooled, 2, false, "pub", NOW, Message.NEVER, PROPERTIES[7]);
                assertSameBytes(message, 77, true, v5, 0, false);
            }
        } finally {
            pooled.release();
        }
        assertThat(direct.refCnt()).isZero();
    }

    private static void assertSameBytes(String topic, byte[] payload, int qos, boolean retain, boolean dup, int packetId,
            MessageProperties props, long expiresAt, boolean v5, int alias, boolean aliasKnown) {
        Message message = new Message(topic, Payload.of(payload), qos, retain, "pub", NOW, expiresAt, props);
        assertSameBytes(message, packetId, dup, v5, alias, aliasKnown);
    }

    private static void assertSameBytes(Message message, int packetId, boolean dup, boolean v5, int alias,
            boolean aliasKnown) {
        String what = message + " id=" + packetId + " dup=" + dup + " v5=" + v5 + " alias=" + alias + "/" + aliasKnown
                + " " + message.properties();
        OutboundPublish publish = OutboundPublish.of(message, packetId, dup, v5, NOW).withAlias(alias, aliasKnown);
        byte[] ours = ours(publish);
        byte[] netty = netty(message, packetId, dup, v5, alias, aliasKnown);

        assertThat(hex(canonical(ours, v5))).as(what).isEqualTo(hex(canonical(netty, v5)));
        assertThat(hex(canonical(ours, v5))).as("ours in table order: " + what).isEqualTo(hex(ours));
        assertThat(publish.packetSize()).as(what).isEqualTo(ours.length);
        assertThat((long) publish.headerLength()).as(what).isEqualTo(ours.length - message.payload().length());
        if (alias == 0) {
            assertThat(PublishEncoding.size(message, v5, NOW)).as(what).isEqualTo(ours.length);
        }
    }

    /** What the broker's pipeline writes: every buffer the encoder emits, concatenated. */
    private static byte[] ours(OutboundPublish publish) {
        EmbeddedChannel channel = new EmbeddedChannel(new MqttPacketGuard().after());
        channel.writeOutbound(publish);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
            out.writeBytes(ByteBufUtil.getBytes(b));
            b.release();
        }
        assertThat(channel.finish()).isFalse();
        return out.toByteArray();
    }

    /** Netty's encoding of the packet as the broker built it before (issue 15). */
    private static byte[] netty(Message message, int packetId, boolean dup, boolean v5, int alias, boolean aliasKnown) {
        MqttProperties props = v5 ? nettyProperties(message, alias) : MqttProperties.NO_PROPERTIES;
        MqttPublishMessage packet = new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, dup, MqttQoS.valueOf(message.qos()), message.retain(), 0),
                new MqttPublishVariableHeader(v5 && aliasKnown ? "" : message.topic(),
                        message.qos() == 0 ? -1 : packetId, props),
                Unpooled.wrappedBuffer(message.payload().bytes()));
        EmbeddedChannel channel = new EmbeddedChannel(MqttEncoder.INSTANCE);
        channel.attr(VERSION).set(v5 ? MqttVersion.MQTT_5 : MqttVersion.MQTT_3_1_1);
        channel.writeOutbound(packet);
        ByteBuf encoded = channel.readOutbound();
        try {
            return ByteBufUtil.getBytes(encoded);
        } finally {
            encoded.release();
            channel.finishAndReleaseAll();
        }
    }

    private static MqttProperties nettyProperties(Message message, int alias) {
        MessageProperties p = message.properties();
        MqttProperties out = new MqttProperties();
        if (p.payloadFormat() >= 0) {
            out.add(new IntegerProperty(MqttPropertyType.PAYLOAD_FORMAT_INDICATOR.value(), p.payloadFormat()));
        }
        long expiry = message.remainingExpirySeconds(NOW);
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

    /** {@code packet} with its MQTT 5 properties stably sorted into {@link #TABLE_ORDER}. */
    private static byte[] canonical(byte[] packet, boolean v5) {
        if (!v5) {
            return packet;
        }
        ByteBuf b = Unpooled.wrappedBuffer(packet);
        int qos = (b.readUnsignedByte() >> 1) & 0x03;
        readVarInt(b); // remaining length
        b.skipBytes(b.readUnsignedShort()); // topic name
        if (qos > 0) {
            b.skipBytes(2); // packet identifier
        }
        int propertiesLength = readVarInt(b);
        int head = b.readerIndex();
        int end = head + propertiesLength;
        List<byte[]> properties = new ArrayList<>();
        while (b.readerIndex() < end) {
            int start = b.readerIndex();
            int id = b.readUnsignedByte();
            switch (id) {
                case 0x01 -> b.skipBytes(1);
                case 0x02 -> b.skipBytes(4);
                case 0x23 -> b.skipBytes(2);
                case 0x03, 0x08, 0x09 -> b.skipBytes(b.readUnsignedShort());
                case 0x26 -> {
                    b.skipBytes(b.readUnsignedShort());
                    b.skipBytes(b.readUnsignedShort());
                }
                case 0x0B -> readVarInt(b);
                default -> throw new AssertionError("property 0x" + Integer.toHexString(id) + " in a PUBLISH");
            }
            properties.add(Arrays.copyOfRange(packet, start, b.readerIndex()));
        }
        assertThat(b.readerIndex()).as("properties end where their length says").isEqualTo(end);
        properties.sort(Comparator.comparingInt(p -> TABLE_ORDER.indexOf(p[0] & 0xFF)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(packet, 0, head);
        properties.forEach(out::writeBytes);
        out.write(packet, end, packet.length - end);
        return out.toByteArray();
    }

    private static int readVarInt(ByteBuf b) {
        int value = 0;
        int multiplier = 1;
        int digit;
        do {
            digit = b.readUnsignedByte();
            value += (digit & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((digit & 0x80) != 0);
        return value;
    }

    private static byte[] payload(int size, Random random) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String hex(byte[] bytes) {
        return ByteBufUtil.hexDump(bytes);
    }
}
