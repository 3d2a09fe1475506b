package io.herald.bench.jmh;

import io.herald.broker.codec.MqttFrameDecoder;
import io.herald.broker.codec.MqttPacketGuard;
import io.herald.broker.codec.OutboundPublish;
import io.herald.broker.codec.PartialPacketBudget;
import io.herald.broker.codec.PublishEncoder;
import io.herald.broker.codec.PublishEncoding;
import io.herald.broker.message.Message;
import io.herald.broker.message.MessageProperties;
import io.herald.broker.message.Payload;
import io.herald.broker.publish.UserProperty;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The broker's per-message codec work for a QoS 1 PUBLISH of 64 B or 4 KB on topic
 * {@code device/4711/telemetry}, MQTT 3.1.1 or 5, through the same handlers the broker's pipeline
 * ({@code MqttPipeline}) puts on a connection, on a Netty {@link EmbeddedChannel}:
 * <ul>
 *   <li>{@link #decode}: one PUBLISH frame, as read from the socket, through the frame splitter
 *       ({@link MqttFrameDecoder}), the packet guard ({@link MqttPacketGuard}) and Netty's
 *       {@link MqttDecoder}, then the MQTT 5 properties taken over into the broker's
 *       {@link MessageProperties} ({@link PublishEncoding#fromWire}); the packet is released.
 *       Not included: the payload taken over into the broker's {@link Payload} by the package-private
 *       {@code PublishPacket}.</li>
 *   <li>{@link #encode}: the broker's {@link Message} written for one subscriber as the connection's
 *       {@code sendPublish} does it: an {@link OutboundPublish} through the packet guard's
 *       {@link PublishEncoder} (a header buffer, the payload as a view of the message's bytes).</li>
 *   <li>{@link #encodeNetty}: the same as the broker wrote it before issue 15: a Netty
 *       {@link MqttPublishMessage} (fixed header, variable header, MQTT 5 properties objects) encoded by
 *       Netty's {@link MqttEncoder}, which copies the payload into one buffer with the headers.</li>
 *   <li>{@link #encodeOneCopy}: the alternative for small payloads: header and payload copied into
 *       one buffer of the packet's size by {@link PublishEncoder#writeHeader}, no Netty objects.</li>
 * </ul>
 * The message carries a few MQTT 5 properties (payload format, message expiry, a user property, a
 * subscription identifier; MQTT 3.1.1 sends none of them). Written with the channel's void promise, as
 * the broker writes; every buffer written is released. Only the broker's public types are used.
 * Figure: ns per packet; {@code -prof gc} gives the bytes allocated on the heap per packet (pooled
 * direct buffers are not counted).
 *
 * <p>Threads: one benchmark thread per state instance (channels are single-threaded).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class PublishCodecBenchmark {

    private static final String TOPIC = "device/4711/telemetry";
    private static final int MAX_PACKET_SIZE = 268_435_455;
    private static final int MAX_CLIENT_ID_LENGTH = 65_535;
    /** Where Netty's MQTT codec keeps a channel's protocol level. */
    private static final AttributeKey<MqttVersion> MQTT_VERSION = AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

    @Param({"64", "4096"})
    public int payloadBytes;

    /** 3.1.1 or 5. */
    @Param({"3.1.1", "5"})
    public String mqtt;

    private EmbeddedChannel inbound;
    /** Netty's encoder, as before issue 15. */
    private EmbeddedChannel outbound;
    /** The broker's encoder today: the packet guard's write side. */
    private EmbeddedChannel guarded;
    private ByteBuf frame;
    private Message message;
    private boolean v5;
    private long now;

    @Setup(Level.Trial)
    public void setUp() {
        v5 = switch (mqtt) {
            case "3.1.1" -> false;
            case "5" -> true;
            default -> throw new IllegalArgumentException("mqtt must be 3.1.1 or 5: " + mqtt);
        };
        byte[] payload = new byte[payloadBytes];
        Arrays.fill(payload, (byte) 'x');
        now = System.currentTimeMillis();
        message = new Message(TOPIC, payload, 1, false, "publisher-1", now, now + 3_600_000,
                new MessageProperties(1, null, null, null, List.of(new UserProperty("unit", "celsius")), List.of(1)));

        // what a publisher sends: its CONNECT (the decoder learns the protocol level from it), then PUBLISH
        EmbeddedChannel client = new EmbeddedChannel(MqttEncoder.INSTANCE);
        ByteBuf connect = encoded(client, MqttMessageBuilders.connect()
                .clientId("publisher-1").protocolVersion(v5 ? MqttVersion.MQTT_5 : MqttVersion.MQTT_3_1_1)
                .cleanSession(true).keepAlive(60).build());
        ByteBuf publish = encoded(client, MqttMessageBuilders.publish()
                .topicName(TOPIC).qos(MqttQoS.AT_LEAST_ONCE).messageId(42).retained(false)
                .payload(Unpooled.wrappedBuffer(payload)).build());
        client.finishAndReleaseAll();
        frame = Unpooled.directBuffer(publish.readableBytes()).writeBytes(publish);
        publish.release();

        inbound = new EmbeddedChannel();
        MqttPacketGuard guard = new MqttPacketGuard();
        inbound.pipeline().addLast(new MqttFrameDecoder(MAX_PACKET_SIZE,
                PartialPacketBudget.forMaxPacketSize(MAX_PACKET_SIZE)), guard.before(),
                new MqttDecoder(MAX_PACKET_SIZE, MAX_CLIENT_ID_LENGTH), guard.after());
        inbound.writeInbound(connect);
        MqttMessage decodedConnect = inbound.readInbound();
        check(decodedConnect.decoderResult().isSuccess(), "CONNECT did not decode: " + decodedConnect.decoderResult());

        // on a broker connection the encoder reads the level the decoder stored from the CONNECT
        outbound = new EmbeddedChannel(MqttEncoder.INSTANCE);
        outbound.attr(MQTT_VERSION).set(v5 ? MqttVersion.MQTT_5 : MqttVersion.MQTT_3_1_1);

        MqttPublishMessage decoded = decodeOnce();
        try {
            check(decoded.decoderResult().isSuccess() && decoded.variableHeader().topicName().equals(TOPIC)
                    && decoded.payload().readableBytes() == payloadBytes, "PUBLISH did not decode: " + decoded);
        } finally {
            decoded.release();
        }
        guarded = new EmbeddedChannel(new MqttPacketGuard().after());
        byte[] before = drained(encodeNettyOnce());
        byte[] after = drained(encodeOnce());
        byte[] oneCopy = drained(encodeOneCopyOnce());
        // the same packet: MQTT 3.1.1 byte for byte; MQTT 5 the same size (the properties' order may differ)
        check(after.length == before.length && oneCopy.length == before.length
                && (v5 || Arrays.equals(after, before) && Arrays.equals(oneCopy, before)),
                "encoded PUBLISH of " + after.length + " bytes (one copy " + oneCopy.length + "), Netty's "
                        + before.length);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        inbound.finishAndReleaseAll();
        outbound.finishAndReleaseAll();
        guarded.finishAndReleaseAll();
        frame.release();
    }

    @Benchmark
    public void decode(Blackhole bh) {
        MqttPublishMessage m = decodeOnce();
        try {
            bh.consume(m.variableHeader().topicName());
            bh.consume(v5 ? PublishEncoding.fromWire(m.variableHeader().properties()) : MessageProperties.NONE);
        } finally {
            m.release();
        }
    }

    @Benchmark
    public int encode() {
        return released(encodeOnce());
    }

    @Benchmark
    public int encodeNetty() {
        return released(encodeNettyOnce());
    }

    @Benchmark
    public int encodeOneCopy() {
        return released(encodeOneCopyOnce());
    }

    private MqttPublishMessage decodeOnce() {
        inbound.writeInbound(frame.retainedDuplicate());
        return inbound.readInbound();
    }

    /** The buffers the broker's encoder writes for one subscriber: header and payload. */
    private EmbeddedChannel encodeOnce() {
        guarded.write(OutboundPublish.of(message, 42, false, v5, now), guarded.voidPromise());
        guarded.flushOutbound();
        return guarded;
    }

    /** Netty's encoding of the packet as {@code Connection.sendPublish} built it before issue 15. */
    private EmbeddedChannel encodeNettyOnce() {
        outbound.write(nettyPublish(message, 42, false, v5, now), outbound.voidPromise());
        outbound.flushOutbound();
        return outbound;
    }

    /** Header and payload copied into one buffer of the packet's size. */
    private EmbeddedChannel encodeOneCopyOnce() {
        OutboundPublish publish = OutboundPublish.of(message, 42, false, v5, now);
        ByteBuf buf = guarded.alloc().buffer((int) publish.packetSize());
        PublishEncoder.writeHeader(buf, publish);
        ByteBuf payload = message.payload().retainedBuffer(); // Payload has no copy into a ByteBuf
        buf.writeBytes(payload);
        payload.release();
        guarded.write(buf, guarded.voidPromise());
        guarded.flushOutbound();
        return guarded;
    }

    /** Reads and releases what {@code channel} wrote; its size. */
    private static int released(EmbeddedChannel channel) {
        int bytes = 0;
        for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
            bytes += b.readableBytes();
            b.release();
        }
        return bytes;
    }

    /** Reads and releases what {@code channel} wrote; its bytes. */
    private static byte[] drained(EmbeddedChannel channel) {
        byte[] all = new byte[0];
        for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
            byte[] bytes = ByteBufUtil.getBytes(b);
            b.release();
            all = Arrays.copyOf(all, all.length + bytes.length);
            System.arraycopy(bytes, 0, all, all.length - bytes.length, bytes.length);
        }
        return all;
    }

    /** {@code PublishEncoding.publish} as it was before issue 15, without a topic alias. */
    private static MqttPublishMessage nettyPublish(Message message, int packetId, boolean dup, boolean v5,
            long nowMillis) {
        MqttProperties props = MqttProperties.NO_PROPERTIES;
        if (v5) {
            MessageProperties p = message.properties();
            props = new MqttProperties();
            if (p.payloadFormat() >= 0) {
                props.add(new IntegerProperty(MqttPropertyType.PAYLOAD_FORMAT_INDICATOR.value(), p.payloadFormat()));
            }
            long expiry = message.remainingExpirySeconds(nowMillis);
            if (expiry >= 0) {
                props.add(new IntegerProperty(MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL.value(), (int) expiry));
            }
            for (UserProperty u : p.userProperties()) {
                props.add(new MqttProperties.UserProperty(u.name(), u.value()));
            }
            for (int id : p.subscriptionIds()) {
                props.add(new IntegerProperty(MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value(), id));
            }
        }
        return new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, dup, MqttQoS.valueOf(message.qos()), message.retain(), 0),
                new MqttPublishVariableHeader(message.topic(), message.qos() == 0 ? -1 : packetId, props),
                message.payload().retainedBuffer());
    }

    private static ByteBuf encoded(EmbeddedChannel channel, MqttMessage packet) {
        channel.writeOutbound(packet);
        return channel.readOutbound();
    }

    private static void check(boolean condition, String failure) {
        if (!condition) {
            throw new IllegalStateException(failure);
        }
    }
}
