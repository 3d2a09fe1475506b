package io.herald.broker.spec.v5;

import static io.herald.broker.spec.v5.V5Client.QUIET;
import static io.herald.broker.spec.v5.V5Client.clientId;
import static io.herald.broker.spec.v5.V5Client.connected;
import static io.herald.broker.spec.v5.V5Client.subscribed;
import static io.herald.broker.spec.v5.V5Client.topic;
import static io.herald.testkit.Mqtt5Packet.CONNACK;
import static io.herald.testkit.Mqtt5Packets.connect;
import static io.herald.testkit.Mqtt5Packets.options;
import static io.herald.testkit.Mqtt5Packets.publish;
import static io.herald.testkit.MqttPackets.bytes;
import static io.herald.testkit.MqttPackets.concat;
import static io.herald.testkit.MqttPackets.hex;
import static io.herald.testkit.MqttPackets.packet;
import static io.herald.testkit.MqttPackets.remainingLength;
import static io.herald.testkit.MqttPackets.str;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.Mqtt5Packet;
import io.herald.testkit.Mqtt5Packets;
import io.herald.testkit.Mqtt5Properties;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Properties the broker must refuse [MQTT-2.2.2.2], [MQTT-3.1.2.11], [MQTT-1.5.4-1],
 * [MQTT-3.3.2-14]: values out of range, properties given twice, properties a packet type cannot carry,
 * ill-formed UTF-8, and a Response Topic with wildcards (which, forwarded, would break subscribers).
 */
@Timeout(20)
class PropertyValidationTest {

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create();

    @ParameterizedTest(name = "property 0x{0} = {1}")
    @CsvSource({"21, 0", "27, 0", "17, 2", "19, 2"})
    void mqtt_3_1_2_11_connectPropertyOutOfRange_connack0x82(String idHex, long value) {
        Mqtt5Properties props = Mqtt5Properties.of().add(Integer.parseInt(idHex, 16), value);
        assertConnackProtocolError(props);
    }

    @Test
    void mqtt_3_1_2_11_3_receiveMaximumTwice_connack0x82() {
        assertConnackProtocolError(Mqtt5Properties.of().receiveMaximum(10).receiveMaximum(20));
    }

    @Test
    void mqtt_3_1_2_11_2_sessionExpiryTwice_connack0x82() {
        assertConnackProtocolError(Mqtt5Properties.of().sessionExpiry(10).sessionExpiry(0));
    }

    @Test
    void mqtt_2_2_2_2_publishWithPropertyOfAnotherPacketType_disconnect0x81() {
        String t = topic("wrongprop");
        try (V5Client sub = subscribed(herald.mqttPort(), t, options(0, false, false, 0));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(t, "x").properties(Mqtt5Properties.of().sessionExpiry(10)).toBytes())
                    .expectDisconnect(0x81);
            sub.expectNothing(QUIET);
        }
    }

    @Test
    void mqtt_3_3_2_14_responseTopicWithWildcard_disconnect0x82AndNotForwarded() {
        String t = topic("wildreply");
        try (V5Client sub = subscribed(herald.mqttPort(), t, options(0, false, false, 0));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(t, "x").properties(Mqtt5Properties.of().responseTopic("replies/#")).toBytes())
                    .expectDisconnect(0x82);
            sub.expectNothing(QUIET);
        }
    }

    @ParameterizedTest(name = "QoS {0}")
    @CsvSource({"0", "1"})
    void mqtt_3_3_2_3_2_payloadFormatTwice_disconnect0x82AndNotForwarded(int qos) {
        assertPublishRefused(Mqtt5Properties.of().payloadFormat(0).payloadFormat(0), qos, 0x82);
    }

    @ParameterizedTest(name = "property 0x{0} twice")
    @CsvSource({"02, 10", "03, text/plain", "08, replies/a", "09, corr", "23, 1"})
    void mqtt_3_3_2_3_publishPropertyTwice_disconnect0x82AndNotForwarded(String idHex, String value) {
        int id = Integer.parseInt(idHex, 16);
        Object v = switch (id) {
            case 0x02, 0x23 -> Long.parseLong(value);
            case 0x09 -> value.getBytes(StandardCharsets.UTF_8);
            default -> value;
        };
        assertPublishRefused(Mqtt5Properties.of().add(id, v).add(id, v), 1, 0x82);
    }

    @ParameterizedTest(name = "payload format {0}")
    @CsvSource({"2", "255"})
    void mqtt_2_2_2_2_payloadFormatNeitherZeroNorOne_disconnect0x81AndNotForwarded(int value) {
        assertPublishRefused(Mqtt5Properties.of().payloadFormat(value), 1, 0x81);
    }

    @Test
    void mqtt_3_3_2_3_2_userPropertyRepeated_accepted() {
        String t = topic("users");
        try (V5Client sub = subscribed(herald.mqttPort(), t, options(0, false, false, 0));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(t, "x").qos(1, 1).properties(Mqtt5Properties.of().payloadFormat(1)
                    .userProperty("k", "1").userProperty("k", "2")).toBytes());
            assertThat(pub.expect(Mqtt5Packet.PUBACK).reasonCode()).isEqualTo(0x00);
            assertThat(sub.expectPublish().payloadText()).isEqualTo("x");
        }
    }

    private static void assertPublishRefused(Mqtt5Properties props, int qos, int reasonCode) {
        String t = topic("dupprop");
        try (V5Client sub = subscribed(herald.mqttPort(), t, options(0, false, false, 0));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            Mqtt5Packets.Publish p = publish(t, "x").properties(props);
            pub.send((qos > 0 ? p.qos(qos, 1) : p).toBytes()).expectDisconnect(reasonCode);
            sub.expectNothing(QUIET);
        }
    }

    @ParameterizedTest(name = "user property name bytes {0}")
    @CsvSource({"61 c3 28", "61 00 62", "ed a0 80"})
    void mqtt_1_5_4_userPropertyNotWellFormedUtf8_disconnect0x81AndNotForwarded(String hex) {
        String t = topic("badstring");
        byte[] name = hex(hex);
        byte[] userProperty = concat(bytes(0x26), str(name), str("v")); // User Property, name, value
        byte[] props = concat(remainingLength(userProperty.length), userProperty);
        try (V5Client sub = subscribed(herald.mqttPort(), t, options(0, false, false, 0));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(packet(0x30, str(t), props, bytes('x'))).expectDisconnect(0x81);
            sub.expectNothing(QUIET);
        }
    }

    private static void assertConnackProtocolError(Mqtt5Properties props) {
        try (V5Client c = V5Client.open(herald.mqttPort())) {
            Mqtt5Packet ack = c.send(connect(clientId("props")).properties(props).toBytes()).expect(CONNACK);
            assertThat(ack.reasonCode()).as("%s", ack).isEqualTo(0x82);
            c.expectClosed();
        }
    }
}
