package io.herald.broker.spec.v31;

import static io.herald.broker.spec.SpecClients.CLOSE;
import static io.herald.broker.spec.SpecClients.QUIET;
import static io.herald.broker.spec.SpecClients.clientId;
import static io.herald.broker.spec.SpecClients.connected;
import static io.herald.broker.spec.SpecClients.topic;
import static io.herald.testkit.MqttPackets.MQTT_3_1;
import static io.herald.testkit.MqttPackets.connack;
import static io.herald.testkit.MqttPackets.connect;
import static io.herald.testkit.MqttPackets.disconnect;
import static io.herald.testkit.MqttPackets.puback;
import static io.herald.testkit.MqttPackets.publish;
import static io.herald.testkit.MqttPackets.suback;
import static io.herald.testkit.MqttPackets.subscribe;
import static io.herald.testkit.MqttPackets.toHex;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.spec.BrokerUnderTest;
import io.herald.testkit.MqttPackets;
import io.herald.testkit.RawMqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Where MQTT 3.1 (protocol level 3, {@code MQIsdp}) differs from 3.1.1: client ids of 1 to 23
 * characters, a CONNACK without the session present flag, a SUBACK without the 0x80 failure code.
 * Everything both versions share runs for both levels in {@code spec.v3}.
 */
@Timeout(20)
class Mqtt31Test {

    @RegisterExtension
    static final BrokerUnderTest broker = BrokerUnderTest.create();

    @Test
    void mqtt31_emptyClientId_identifierRejected2ThenCloses() {
        try (RawMqttClient c = RawMqttClient.connect(broker.port())) {
            c.send(connect(MQTT_3_1, "").toBytes()).expectPacket(connack(false, 2)).expectClosed(CLOSE);
        }
    }

    @Test
    void mqtt31_resumedSession_connackReservedByteStays0() {
        String id = clientId("v31");
        leavePersistentSession(id, topic("resumed"));
        try (RawMqttClient c = connected(broker.port(), connect(MQTT_3_1, id).clean(false), false)) {
            c.send(disconnect());
        }
    }

    @Test
    void mqtt31_unacknowledgedQos1_resentWithDupOnReconnect() {
        String id = clientId("v31");
        String t = topic("resend");
        leavePersistentSession(id, t);
        int first;
        try (RawMqttClient c = resumed(id);
                RawMqttClient pub = connected(broker.port(), MQTT_3_1, clientId("pub"))) {
            pub.send(publish(t, "again").qos(1, 1).toBytes()).expectPacket(puback(1));
            first = c.expectPublish(pid -> publish(t, "again").qos(1, pid).toBytes());
        }
        try (RawMqttClient c = resumed(id)) {
            c.expectPacket(publish(t, "again").qos(1, first).dup().toBytes())
                    .send(puback(first))
                    .expectNothing(QUIET);
        }
    }

    @Test
    void mqtt31_invalidTopicFilter_closes() {
        try (RawMqttClient c = connected(broker.port(), MQTT_3_1, clientId("v31"))) {
            c.send(subscribe(1, "a/#/b", 0)).expectClosed(CLOSE); // 3.1 has no SUBACK failure code
        }
    }

    /** A 3.1 CONNECT resuming a session: accepted, whatever the reserved byte says. */
    private static RawMqttClient resumed(String id) {
        RawMqttClient c = RawMqttClient.connect(broker.port());
        byte[] connack = c.send(connect(MQTT_3_1, id).clean(false).toBytes()).readPacket(CLOSE);
        assertThat(toHex(connack)).as("CONNACK accepted").matches("20 02 0[01] 00");
        return c;
    }

    private static void leavePersistentSession(String id, String filter) {
        MqttPackets.Connect persistent = connect(MQTT_3_1, id).clean(false);
        try (RawMqttClient c = connected(broker.port(), persistent, false)) {
            c.send(subscribe(1, filter, 1)).expectPacket(suback(1, 1)).send(disconnect()).expectClosed(CLOSE);
        }
    }
}
