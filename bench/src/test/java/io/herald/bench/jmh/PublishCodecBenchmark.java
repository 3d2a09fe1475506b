package io.herald.bench.jmh;

import io.herald.broker.codec.MqttFrameDecoder;
import io.herald.broker.codec.MqttPacketGuard;
import io.herald.broker.codec.PartialPacketBudget;
import io.herald.broker.codec.PublishEncoding;
import io.herald.broker.message.Message;
import io.herald.broker.message.MessageProperties;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;
import java.util.Arrays;
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
 *       Not included: the copy of the payload into the broker's {@code byte[]} that the
 *       package-private {@code PublishPacket.copyOf} makes today.</li>
 *   <li>{@link #encode}: the broker's {@link Message} turned into the PUBLISH for one subscriber
 *       ({@link PublishEncoding#publish}, as the connection's {@code sendPublish} does) and encoded by
 *       Netty's {@link MqttEncoder} into the bytes written to the socket; the buffer is released.</li>
 * </ul>
 * Only the broker's public types are used. Figure: ns per packet.
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
    private EmbeddedChannel outbound;
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
        message = new Message(TOPIC, payload, 1, false, "publisher-1", now);

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
        ByteBuf out = encodeOnce();
        try {
            // the same packet as the publisher's: a subscriber gets it with the same topic, QoS and payload
            check(out.readableBytes() == frame.readableBytes(),
                    "encoded PUBLISH of " + out.readableBytes() + " bytes, inbound frame " + frame.readableBytes());
        } finally {
            out.release();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        inbound.finishAndReleaseAll();
        outbound.finishAndReleaseAll();
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
        ByteBuf out = encodeOnce();
        try {
            return out.readableBytes();
        } finally {
            out.release();
        }
    }

    private MqttPublishMessage decodeOnce() {
        inbound.writeInbound(frame.retainedDuplicate());
        return inbound.readInbound();
    }

    private ByteBuf encodeOnce() {
        outbound.writeOutbound(PublishEncoding.publish(message, 42, false, v5, now, 0, false));
        return outbound.readOutbound();
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
