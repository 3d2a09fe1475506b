package io.herald.broker.spec.v5;

import static io.herald.broker.spec.v5.V5Client.clientId;
import static io.herald.broker.spec.v5.V5Client.connected;
import static io.herald.broker.spec.v5.V5Client.topic;
import static io.herald.testkit.Mqtt5Packet.CONNACK;
import static io.herald.testkit.Mqtt5Packet.DISCONNECT;
import static io.herald.testkit.Mqtt5Packets.connect;
import static io.herald.testkit.Mqtt5Packets.pingreq;
import static io.herald.testkit.Mqtt5Packets.publish;
import static io.herald.testkit.Mqtt5Properties.REASON_STRING;
import static io.herald.testkit.MqttPackets.bytes;
import static io.herald.testkit.MqttPackets.packet;
import static io.herald.testkit.MqttPackets.str;
import static io.herald.testkit.MqttPackets.u16;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.auth.AuthResult;
import io.herald.broker.auth.ClientIdentity;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.Mqtt5Packet;
import io.herald.testkit.Mqtt5Properties;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker ends a connection with DISCONNECT and the right reason code [MQTT-4.13.1-1]: session
 * taken over 0x8E, keep alive timeout 0x8D, malformed packet 0x81, protocol error 0x82, quota exceeded
 * 0x97, server shutting down 0x8B; with a reason string unless the client asked for none, and never
 * over the client's Maximum Packet Size. (0x94 and 0x95 are tested with topic aliases and flow control.)
 * The authenticator here never answers for the user {@code stall}.
 */
@Timeout(20)
class ServerDisconnectTest {

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create().authenticator(info -> "stall".equals(info.username())
            ? new CompletableFuture<>()
            : CompletableFuture.completedFuture(AuthResult.accept(new ClientIdentity(info.clientId(), null))));

    @Test
    void mqtt_3_1_4_3_sameClientIdConnects_existingGetsDisconnect0x8E() {
        String id = clientId("twice");
        try (V5Client first = connected(herald.mqttPort(), id);
                V5Client second = connected(herald.mqttPort(), id)) {
            first.expectDisconnect(0x8E);
            second.roundTrip();
        }
    }

    @Test
    void mqtt_3_1_2_22_silentBeyondOneAndAHalfKeepAlive_disconnect0x8D() {
        try (V5Client c = connected(herald.mqttPort(), connect(clientId("silent")).keepAlive(1))) {
            c.expectDisconnect(0x8D);
        }
    }

    @Test
    void mqtt_3_2_2_21_serverKeepAlive_isTheOneEnforced() {
        EmbeddedHerald strict = EmbeddedHerald.create(c -> c.maxKeepAlive(1));
        strict.start();
        try (V5Client c = connected(strict.mqttPort(), connect(clientId("slow")).keepAlive(60))) {
            assertThat(c.connack().properties().integer(Mqtt5Properties.SERVER_KEEP_ALIVE)).isEqualTo(1);
            c.expectDisconnect(0x8D);
        } finally {
            strict.stop();
        }
    }

    @Test
    void mqtt_1_5_5_publishWhoseTopicRunsPastThePacket_disconnect0x81() {
        try (V5Client c = connected(herald.mqttPort(), clientId("short"))) {
            c.send(packet(0x30, u16(50), bytes('a', 'b'))) // topic length 50, two bytes left
                    .expectDisconnect(0x81);
        }
    }

    @Test
    void mqtt_2_2_2_2_unknownPropertyIdentifier_disconnect0x81() {
        try (V5Client c = connected(herald.mqttPort(), clientId("prop"))) {
            c.send(packet(0x30, str(topic("p")), bytes(0x02, 0x7F, 0x00), bytes('x'))) // property 0x7F
                    .expectDisconnect(0x81);
        }
    }

    @Test
    void mqtt_3_3_1_4_publishWithQos3_disconnect0x81() {
        try (V5Client c = connected(herald.mqttPort(), clientId("qos3"))) {
            c.send(publish(topic("q3"), "x").qos(3, 1).toBytes()).expectDisconnect(0x81);
        }
    }

    @Test
    void mqtt_3_1_0_2_secondConnect_disconnect0x82() {
        String id = clientId("again");
        try (V5Client c = connected(herald.mqttPort(), id)) {
            c.send(connect(id).toBytes()).expectDisconnect(0x82);
        }
    }

    @Test
    void mqtt_3_1_2_29_defaultProblemInformation_disconnectCarriesReasonString() {
        try (V5Client c = connected(herald.mqttPort(), clientId("why"))) {
            Mqtt5Packet d = c.send(connect(clientId("x")).toBytes()).expectDisconnect(0x82);
            assertThat(d.properties().string(REASON_STRING)).isNotBlank();
        }
    }

    @Test
    void mqtt_3_1_2_29_requestProblemInformation0_disconnectWithoutReasonString() {
        Mqtt5Properties quiet = Mqtt5Properties.of().requestProblemInformation(0);
        try (V5Client c = connected(herald.mqttPort(), connect(clientId("quiet")).properties(quiet))) {
            Mqtt5Packet d = c.send(connect(clientId("x")).toBytes()).expectDisconnect(0x82);
            assertThat(d.properties().has(REASON_STRING)).isFalse();
            assertThat(d.properties().has(Mqtt5Properties.USER_PROPERTY)).isFalse();
        }
    }

    @Test
    void mqtt_3_14_2_3_reasonString_neverPushesDisconnectOverClientMaximumPacketSize() {
        int maximum = 32;
        Mqtt5Properties small = Mqtt5Properties.of().maximumPacketSize(maximum);
        try (V5Client c = connected(herald.mqttPort(), connect(clientId("tiny")).properties(small))) {
            assertThat(c.connack().size()).isLessThanOrEqualTo(maximum); // [MQTT-3.1.2-24]
            c.send(publish(topic("a"), "x").properties(Mqtt5Properties.of().topicAlias(0)).toBytes());
            Mqtt5Packet d = c.expect(DISCONNECT);
            assertThat(d.reasonCode()).isEqualTo(0x94);
            assertThat(d.size()).as("size of %s", d).isLessThanOrEqualTo(maximum);
        }
    }

    @Test
    void mqtt_4_13_1_packetsFloodingAStalledConnect_connack0x97QuotaExceeded() {
        try (V5Client c = V5Client.open(herald.mqttPort())) {
            byte[][] flood = new byte[1_001][];
            Arrays.fill(flood, pingreq());
            c.send(connect(clientId("flood")).username("stall").toBytes()).send(flood);
            Mqtt5Packet ack = c.expect(CONNACK);
            assertThat(ack.reasonCode()).isEqualTo(0x97);
            c.expectClosed();
        }
    }

    @Test
    void mqtt_4_13_1_brokerStops_clientsGetDisconnect0x8B() {
        EmbeddedHerald stopping = EmbeddedHerald.create();
        stopping.start();
        try (V5Client a = connected(stopping.mqttPort(), clientId("a"));
                V5Client b = connected(stopping.mqttPort(), clientId("b"))) {
            stopping.stop();
            a.expectDisconnect(0x8B);
            b.expectDisconnect(0x8B);
        } finally {
            stopping.stop();
        }
    }
}
