package io.herald.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.client.HeraldMqttClient;
import io.herald.client.MqttClientConfig;
import io.herald.client.ProtocolVersion;
import io.herald.client.PublishMessage;
import io.herald.client.ServerAddress;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A long MQTT 3.1 client id goes on the wire; the server decides whether to take it. */
class Mqtt31ConnectTest {

    @Test
    void longClientId_isEncodedAsAnMqtt31Connect_thatADecoderReadsBack() {
        String id = "device-" + "x".repeat(93);
        MqttClientConfig config = HeraldMqttClient.builder().server(ServerAddress.parse("mqtt://127.0.0.1:1883"))
                .protocolVersion(ProtocolVersion.MQTT_3_1).clientId(id).username("user").password("secret".getBytes())
                .will(PublishMessage.of("last/will", "gone").withQos(1).withRetain(true)).config();

        Object frame = Packets.connectFrame(config);
        assertThat(frame).isInstanceOf(ByteBuf.class);

        EmbeddedChannel ch = new EmbeddedChannel(new MqttDecoder(8192, 200));
        ch.writeInbound(frame);
        MqttConnectMessage m = ch.readInbound();
        assertThat(m.decoderResult().isSuccess()).isTrue();
        assertThat(m.variableHeader().name()).isEqualTo("MQIsdp");
        assertThat(m.variableHeader().version()).isEqualTo(MqttVersion.MQTT_3_1.protocolLevel());
        assertThat(m.payload().clientIdentifier()).isEqualTo(id);
        assertThat(m.payload().userName()).isEqualTo("user");
        assertThat(m.payload().passwordInBytes()).isEqualTo("secret".getBytes(StandardCharsets.UTF_8));
        assertThat(m.payload().willTopic()).isEqualTo("last/will");
        assertThat(m.payload().willMessageInBytes()).isEqualTo("gone".getBytes(StandardCharsets.UTF_8));
        assertThat(m.variableHeader().willQos()).isEqualTo(1);
        assertThat(m.variableHeader().isWillRetain()).isTrue();
        assertThat(m.variableHeader().isCleanSession()).isEqualTo(config.cleanSession());
        assertThat(m.variableHeader().keepAliveTimeSeconds()).isEqualTo(config.keepAliveSeconds());
        ch.finishAndReleaseAll();
    }

    @Test
    void shortClientId_staysWithNettysEncoder() {
        MqttClientConfig config = HeraldMqttClient.builder().server(ServerAddress.parse("mqtt://127.0.0.1:1883"))
                .protocolVersion(ProtocolVersion.MQTT_3_1).clientId("short").config();
        assertThat(Packets.connectFrame(config)).isInstanceOf(MqttConnectMessage.class);
    }
}
