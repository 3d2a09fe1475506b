package io.herald.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.client.MessageProperties;
import io.herald.client.ProtocolVersion;
import io.herald.client.PublishMessage;
import io.herald.client.UserProperty;
import io.herald.client.HeraldMqttClient;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the client puts on the wire, encoded and decoded with Netty's codec. */
class PacketEncodingTest {

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void packetSize_isTheEncodedSizeOfThePublish(ProtocolVersion v) {
        PublishMessage m = PublishMessage.of("sensors/kitchen/temp", "x".repeat(300)).withQos(1)
                .withProperties(MessageProperties.ofUserProperties(List.of(new UserProperty("unit", "C")))
                        .withContentType("text/plain").withMessageExpirySeconds(60L)
                        .withResponse("reply", new byte[] {1, 2}).withPayloadFormatUtf8(true));
        EmbeddedChannel ch = encoderFor(v);
        ch.writeOutbound(Packets.publish(m, 9, false, v));
        ByteBuf encoded = ch.readOutbound();
        assertThat(Outbound.packetSize(m, v)).isEqualTo(encoded.readableBytes());
        encoded.release();
        ch.finishAndReleaseAll();
    }

    @Test
    void connect_carriesTheMqtt5Settings() {
        var config = HeraldMqttClient.builder().serverUrl("mqtt://127.0.0.1").clientId("dev1")
                .protocolVersion(ProtocolVersion.MQTT_5).sessionExpiry(java.time.Duration.ofMinutes(10))
                .maximumPacketSize(4096).connectUserProperty("app", "test").username("u").password("p")
                .will(PublishMessage.of("status/dev1", "offline").withQos(1).withRetain(true)).config();
        EmbeddedChannel ch = new EmbeddedChannel(MqttEncoder.INSTANCE);
        ch.writeOutbound(Packets.connect(config));
        ByteBuf bytes = ch.readOutbound();
        EmbeddedChannel server = new EmbeddedChannel(new MqttDecoder());
        server.writeInbound(bytes);
        MqttConnectMessage c = server.readInbound();
        assertThat(c.decoderResult().isSuccess()).isTrue();
        assertThat(c.payload().clientIdentifier()).isEqualTo("dev1");
        assertThat(c.variableHeader().version()).isEqualTo(5);
        assertThat(c.variableHeader().isWillFlag()).isTrue();
        assertThat(c.variableHeader().isWillRetain()).isTrue();
        assertThat(c.payload().willTopic()).isEqualTo("status/dev1");
        assertThat(PropertyMapper.intValue(c.variableHeader().properties(),
                io.netty.handler.codec.mqtt.MqttProperties.SESSION_EXPIRY_INTERVAL)).isEqualTo(600);
        assertThat(PropertyMapper.intValue(c.variableHeader().properties(),
                io.netty.handler.codec.mqtt.MqttProperties.MAXIMUM_PACKET_SIZE)).isEqualTo(4096);
        assertThat(PropertyMapper.userProperties(c.variableHeader().properties()))
                .containsExactly(new UserProperty("app", "test"));
        ch.finishAndReleaseAll();
        server.finishAndReleaseAll();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 50})
    void frameDecoder_reassemblesAPacketArrivingInPieces(int pieceSize) {
        EmbeddedChannel ch = encoderFor(ProtocolVersion.MQTT_3_1_1);
        ch.writeOutbound(Packets.publish(PublishMessage.of("a/b", "hello pieces").withQos(1), 3, false,
                ProtocolVersion.MQTT_3_1_1));
        ByteBuf whole = ch.readOutbound();
        EmbeddedChannel in = new EmbeddedChannel(new MqttFrameDecoder(1024), new MqttDecoder());
        while (whole.isReadable()) {
            in.writeInbound(whole.readRetainedSlice(Math.min(pieceSize, whole.readableBytes())));
        }
        whole.release();
        MqttPublishMessage p = in.readInbound();
        assertThat(p.variableHeader().topicName()).isEqualTo("a/b");
        assertThat(p.payload().toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("hello pieces");
        p.release();
        Object rest = in.readInbound();
        assertThat(rest).isNull();
        ch.finishAndReleaseAll();
        in.finishAndReleaseAll();
    }

    @Test
    void frameDecoder_refusesAPacketAboveTheMaximumFromItsHeader() {
        EmbeddedChannel in = new EmbeddedChannel(new MqttFrameDecoder(100));
        // PUBLISH, remaining length 200 (0xC8 0x01): refused before the body arrives
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> in.writeInbound(
                io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {0x30, (byte) 0xC8, 0x01})))
                .isInstanceOf(TooLongFrameException.class).hasMessageContaining("203 bytes");
        // the connection closes after this; removing the decoder frees what it buffered
        in.pipeline().remove(MqttFrameDecoder.class);
        in.finishAndReleaseAll();
    }

    private static EmbeddedChannel encoderFor(ProtocolVersion v) {
        EmbeddedChannel ch = new EmbeddedChannel(MqttEncoder.INSTANCE);
        ch.attr(io.netty.util.AttributeKey.<io.netty.handler.codec.mqtt.MqttVersion>valueOf("NETTY_CODEC_MQTT_VERSION"))
                .set(Packets.nettyVersion(v));
        return ch;
    }
}
