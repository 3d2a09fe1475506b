package io.herald.broker.spec.v5;

import static io.herald.broker.spec.v5.V5Client.clientId;
import static io.herald.broker.spec.v5.V5Client.connected;
import static io.herald.testkit.Mqtt5Packet.CONNACK;
import static io.herald.testkit.Mqtt5Packets.connect;
import static io.herald.testkit.Mqtt5Properties.ASSIGNED_CLIENT_IDENTIFIER;
import static io.herald.testkit.Mqtt5Properties.MAXIMUM_PACKET_SIZE;
import static io.herald.testkit.Mqtt5Properties.MAXIMUM_QOS;
import static io.herald.testkit.Mqtt5Properties.RECEIVE_MAXIMUM;
import static io.herald.testkit.Mqtt5Properties.RESPONSE_INFORMATION;
import static io.herald.testkit.Mqtt5Properties.RETAIN_AVAILABLE;
import static io.herald.testkit.Mqtt5Properties.SERVER_KEEP_ALIVE;
import static io.herald.testkit.Mqtt5Properties.SHARED_SUBSCRIPTION_AVAILABLE;
import static io.herald.testkit.Mqtt5Properties.SUBSCRIPTION_IDENTIFIER_AVAILABLE;
import static io.herald.testkit.Mqtt5Properties.TOPIC_ALIAS_MAXIMUM;
import static io.herald.testkit.Mqtt5Properties.WILDCARD_SUBSCRIPTION_AVAILABLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.Mqtt5Packet;
import io.herald.testkit.Mqtt5Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * CONNACK tells the truth about the server [MQTT-3.2.2]: its limits as configured, the features it
 * has, the keep alive it imposes, the client identifier it assigned and the response information a
 * client asked for. The limits' enforcement is tested with each feature.
 */
@Timeout(20)
class ConnAckTest {

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create(c -> c
            .receiveMaximum(7).topicAliasMaximum(5).maxKeepAlive(30).maxPacketSize(4096));

    @Test
    void mqtt_3_2_2_connack_statesConfiguredLimits() {
        try (V5Client c = connected(herald.mqttPort(), clientId("limits"))) {
            Mqtt5Properties p = c.connack().properties();
            assertThat(p.integer(RECEIVE_MAXIMUM)).isEqualTo(7);
            assertThat(p.integer(MAXIMUM_PACKET_SIZE)).isEqualTo(4096);
            assertThat(p.integer(TOPIC_ALIAS_MAXIMUM)).isEqualTo(5);
            // absent Maximum QoS means QoS 2 is supported; the property may only say 0 or 1 [MQTT-3.2.2-9]
            assertThat(p.has(MAXIMUM_QOS)).isFalse();
        }
    }

    @Test
    void mqtt_3_2_2_connack_statesAvailableFeatures() {
        try (V5Client c = connected(herald.mqttPort(), clientId("features"))) {
            Mqtt5Properties p = c.connack().properties();
            // each is 1 or absent (absent means available)
            for (int id : new int[] {RETAIN_AVAILABLE, WILDCARD_SUBSCRIPTION_AVAILABLE,
                SUBSCRIPTION_IDENTIFIER_AVAILABLE, SHARED_SUBSCRIPTION_AVAILABLE}) {
                assertThat(p.integer(id)).as("property 0x%02X", id).isIn(null, 1L);
            }
        }
    }

    @ParameterizedTest(name = "keep alive {0} requested: Server Keep Alive {1}")
    @CsvSource({"60, 30", "0, 30", "65535, 30"})
    void mqtt_3_2_2_21_keepAliveAboveServerMaximum_serverKeepAliveReturned(int requested, long imposed) {
        try (V5Client c = connected(herald.mqttPort(), connect(clientId("ka")).keepAlive(requested))) {
            assertThat(c.connack().properties().integer(SERVER_KEEP_ALIVE)).isEqualTo(imposed);
        }
    }

    @ParameterizedTest(name = "keep alive {0} requested")
    @CsvSource({"10", "30"})
    void mqtt_3_2_2_21_keepAliveWithinServerMaximum_noServerKeepAlive(int requested) {
        try (V5Client c = connected(herald.mqttPort(), connect(clientId("ka")).keepAlive(requested))) {
            assertThat(c.connack().properties().has(SERVER_KEEP_ALIVE)).isFalse();
        }
    }

    @Test
    void mqtt_3_1_3_7_emptyClientId_uniqueAssignedClientIdentifierReturned() {
        try (V5Client first = connected(herald.mqttPort(), connect(""));
                V5Client second = connected(herald.mqttPort(), connect("").cleanStart(false))) {
            String a = first.connack().properties().string(ASSIGNED_CLIENT_IDENTIFIER);
            String b = second.connack().properties().string(ASSIGNED_CLIENT_IDENTIFIER);
            assertThat(a).isNotBlank();
            assertThat(b).isNotBlank().isNotEqualTo(a); // [MQTT-3.1.3-6] unique
            first.roundTrip(); // not taken over by the second
        }
    }

    @Test
    void mqtt_3_1_3_7_assignedClientIdentifier_identifiesTheSession() {
        String assigned;
        try (V5Client c = connected(herald.mqttPort(), connect("").sessionExpiry(60))) {
            assigned = c.connack().properties().string(ASSIGNED_CLIENT_IDENTIFIER);
            c.disconnect();
        }
        try (V5Client c = connected(herald.mqttPort(), connect(assigned).cleanStart(false).sessionExpiry(0))) {
            assertThat(c.connack().sessionPresent()).isTrue();
        }
    }

    @Test
    void mqtt_3_2_2_connackForClientId_noAssignedClientIdentifier() {
        try (V5Client c = connected(herald.mqttPort(), clientId("named"))) {
            assertThat(c.connack().properties().has(ASSIGNED_CLIENT_IDENTIFIER)).isFalse();
        }
    }

    @Test
    void mqtt_3_1_2_11_7_requestResponseInformation1_responseInformationReturned() {
        Mqtt5Properties props = Mqtt5Properties.of().requestResponseInformation(1);
        try (V5Client c = connected(herald.mqttPort(), connect(clientId("rr")).properties(props))) {
            assertThat(c.connack().properties().string(RESPONSE_INFORMATION)).isNotBlank();
        }
    }

    @Test
    void mqtt_3_1_2_28_responseInformationNotRequested_notReturned() {
        try (V5Client c = connected(herald.mqttPort(), clientId("norr"))) {
            assertThat(c.connack().properties().has(RESPONSE_INFORMATION)).isFalse();
        }
        Mqtt5Properties zero = Mqtt5Properties.of().requestResponseInformation(0);
        try (V5Client c = connected(herald.mqttPort(), connect(clientId("norr")).properties(zero))) {
            assertThat(c.connack().properties().has(RESPONSE_INFORMATION)).isFalse();
        }
    }

    @Test
    void mqtt_3_1_2_11_3_receiveMaximum0_connackProtocolError() {
        Mqtt5Properties props = Mqtt5Properties.of().receiveMaximum(0);
        try (V5Client c = V5Client.open(herald.mqttPort())) {
            Mqtt5Packet ack = c.send(connect(clientId("rm0")).properties(props).toBytes()).expect(CONNACK);
            assertThat(ack.reasonCode()).isEqualTo(0x82);
            c.expectClosed();
        }
    }
}
