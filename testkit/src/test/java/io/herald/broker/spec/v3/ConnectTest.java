package io.herald.broker.spec.v3;

import static io.herald.broker.spec.SpecClients.CLOSE;
import static io.herald.broker.spec.SpecClients.QUIET;
import static io.herald.broker.spec.SpecClients.clientId;
import static io.herald.broker.spec.SpecClients.connected;
import static io.herald.broker.spec.SpecClients.subscribed;
import static io.herald.broker.spec.SpecClients.topic;
import static io.herald.testkit.MqttPackets.MQTT_3_1_1;
import static io.herald.testkit.MqttPackets.bytes;
import static io.herald.testkit.MqttPackets.connack;
import static io.herald.testkit.MqttPackets.connect;
import static io.herald.testkit.MqttPackets.packet;
import static io.herald.testkit.MqttPackets.pingreq;
import static io.herald.testkit.MqttPackets.pingresp;
import static io.herald.testkit.MqttPackets.publish;
import static io.herald.testkit.MqttPackets.str;
import static io.herald.testkit.MqttPackets.suback;
import static io.herald.testkit.MqttPackets.subscribe;
import static io.herald.testkit.MqttPackets.u16;
import static io.herald.testkit.MqttPackets.u8;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.spec.BrokerUnderTest;
import io.herald.broker.spec.EachProtocolLevel;
import io.herald.testkit.RawMqttClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CONNECT and CONNACK [MQTT-3.1], [MQTT-3.2]: what the broker accepts, refuses and closes. */
@Timeout(20)
class ConnectTest {

    @RegisterExtension
    static final BrokerUnderTest broker = BrokerUnderTest.create();

    @EachProtocolLevel
    void mqtt_3_1_4_4_validConnect_acceptedWithReturnCode0(int level) {
        try (RawMqttClient c = RawMqttClient.connect(broker.port())) {
            c.send(connect(level, clientId("c")).toBytes())
                    .expectPacket(connack(false, 0))
                    .send(pingreq())
                    .expectPacket(pingresp());
        }
    }

    @Test
    void mqtt_3_1_0_1_firstPacketNotConnect_closes() {
        try (RawMqttClient c = RawMqttClient.connect(broker.port())) {
            c.send(pingreq()).expectClosed(CLOSE);
        }
    }

    @Test
    void mqtt_3_1_0_1_publishBeforeConnect_closesAndIsNotForwarded() {
        String topic = topic("before-connect");
        try (RawMqttClient sub = subscribed(broker.port(), MQTT_3_1_1, topic, 0);
                RawMqttClient c = RawMqttClient.connect(broker.port())) {
            c.send(publish(topic, "x").toBytes()).expectClosed(CLOSE);
            sub.expectNothing(QUIET);
        }
    }

    @EachProtocolLevel
    void mqtt_3_1_0_2_secondConnect_closes(int level) {
        try (RawMqttClient c = connected(broker.port(), level, clientId("c"))) {
            c.send(connect(level, clientId("c")).toBytes()).expectClosed(CLOSE);
        }
    }

    @Test
    void mqtt_3_1_2_1_unknownProtocolName_closesWithoutAccepting() {
        try (RawMqttClient c = RawMqttClient.connect(broker.port())) {
            List<byte[]> replies = c.send(connect(MQTT_3_1_1, clientId("c")).protocolName("MQTX").toBytes())
                    .drain(CLOSE);
            assertThat(c.isClosed()).as("closed").isTrue();
            // the spec lets the server disconnect, or refuse under another specification; never accept
            assertThat(replies).noneMatch(p -> p.length == 4 && p[0] == 0x20 && p[3] == 0);
        }
    }

    @ParameterizedTest(name = "{0} level {1}")
    @CsvSource({"MQTT, 3", "MQTT, 6", "MQTT, 2", "MQIsdp, 4"})
    void mqtt_3_1_2_2_unsupportedProtocolLevel_connack1ThenCloses(String name, int level) {
        try (RawMqttClient c = RawMqttClient.connect(broker.port())) {
            c.send(connect(level, clientId("c")).protocolName(name).toBytes())
                    .expectPacket(connack(false, 1))
                    .expectClosed(CLOSE);
        }
    }

    @Test
    void mqtt_3_1_2_3_reservedConnectFlagSet_closes() {
        try (RawMqttClient c = RawMqttClient.connect(broker.port())) {
            c.send(connect(MQTT_3_1_1, clientId("c")).reservedFlag().toBytes()).expectClosed(CLOSE);
        }
    }

    @Test
    void mqtt_3_1_2_9_willFlagWithoutWillTopic_closes() {
        try (RawMqttClient c = RawMqttClient.connect(broker.port())) {
            c.send(packet(0x10,        // CONNECT
                    str("MQTT"),       // protocol name
                    u8(4),             // protocol level
                    u8(0x06),          // connect flags: will flag, clean session
                    u16(60),           // keep alive
                    str(clientId("c")))) // client id, then no will topic or message
                    .expectClosed(CLOSE);
        }
    }

    @Test // MQTT 3.1 states no rule for these bits
    void mqtt_3_1_2_13_willQosWithoutWillFlag_closes() {
        try (RawMqttClient c = RawMqttClient.connect(broker.port())) {
            c.send(connect(MQTT_3_1_1, clientId("c")).willBitsWithoutWillFlag(1, false).toBytes()).expectClosed(CLOSE);
        }
    }

    @EachProtocolLevel
    void mqtt_3_1_2_14_willQos3_closes(int level) {
        try (RawMqttClient c = RawMqttClient.connect(broker.port())) {
            c.send(connect(level, clientId("c")).will(topic("will"), "bye", 3, false).toBytes()).expectClosed(CLOSE);
        }
    }

    @Test // MQTT 3.1 states no rule for these bits
    void mqtt_3_1_2_15_willRetainWithoutWillFlag_closes() {
        try (RawMqttClient c = RawMqttClient.connect(broker.port())) {
            c.send(connect(MQTT_3_1_1, clientId("c")).willBitsWithoutWillFlag(0, true).toBytes()).expectClosed(CLOSE);
        }
    }

    @EachProtocolLevel
    void mqtt_3_1_2_19_userNameAndPassword_accepted(int level) {
        try (RawMqttClient c = RawMqttClient.connect(broker.port())) {
            c.send(connect(level, clientId("c")).username("alice").password("secret").toBytes())
                    .expectPacket(connack(false, 0));
        }
    }

    @Test
    void mqtt_3_1_2_19_userNameFlagWithoutUserName_closes() {
        try (RawMqttClient c = RawMqttClient.connect(broker.port())) {
            c.send(packet(0x10,          // CONNECT
                    str("MQTT"),         // protocol name
                    u8(4),               // protocol level
                    u8(0x82),            // connect flags: user name flag, clean session
                    u16(60),             // keep alive
                    str(clientId("c")))) // client id, then no user name
                    .expectClosed(CLOSE);
        }
    }

    @Test
    void mqtt_3_1_2_22_passwordFlagWithoutUserNameFlag_closes() {
        try (RawMqttClient c = RawMqttClient.connect(broker.port())) {
            c.send(packet(0x10,          // CONNECT
                    str("MQTT"),         // protocol name
                    u8(4),               // protocol level
                    u8(0x42),            // connect flags: password flag, clean session
                    u16(60),             // keep alive
                    str(clientId("c")),  // client id
                    str("secret")))      // password
                    .expectClosed(CLOSE);
        }
    }

    @Test
    void mqtt_3_1_3_3_missingClientId_closes() {
        try (RawMqttClient c = RawMqttClient.connect(broker.port())) {
            c.send(packet(0x10,   // CONNECT
                    str("MQTT"),  // protocol name
                    u8(4),        // protocol level
                    u8(0x02),     // connect flags: clean session
                    u16(60)))     // keep alive, then no payload
                    .expectClosed(CLOSE);
        }
    }

    @Test
    void mqtt_3_1_3_4_clientIdNotUtf8_closes() {
        try (RawMqttClient c = RawMqttClient.connect(broker.port())) {
            c.send(packet(0x10,                   // CONNECT
                    str("MQTT"),                  // protocol name
                    u8(4),                        // protocol level
                    u8(0x02),                     // connect flags: clean session
                    u16(60),                      // keep alive
                    str(bytes(0x61, 0xC3, 0x28)))) // client id: 'a', then an ill-formed two-byte sequence
                    .expectClosed(CLOSE);
        }
    }

    @Test
    void mqtt_1_5_3_2_clientIdWithNullCharacter_closes() {
        try (RawMqttClient c = RawMqttClient.connect(broker.port())) {
            c.send(connect(MQTT_3_1_1, "a\u0000b").toBytes()).expectClosed(CLOSE);
        }
    }

    @EachProtocolLevel
    void mqtt_3_1_3_5_clientIdOf23Alphanumerics_accepted(int level) {
        String id = ("abcXYZ0123456789" + System.nanoTime()).substring(0, 23);
        try (RawMqttClient c = RawMqttClient.connect(broker.port())) {
            c.send(connect(level, id).toBytes()).expectPacket(connack(false, 0));
        }
    }

    @Test
    void mqtt_3_1_3_6_emptyClientIdWithCleanSession_assignedAndServed() {
        String topic = topic("empty-id");
        try (RawMqttClient c = connected(broker.port(), connect(MQTT_3_1_1, ""), false)) {
            c.send(subscribe(1, topic, 0))
                    .expectPacket(suback(1, 0))
                    .send(publish(topic, "hello").toBytes())
                    .expectPacket(publish(topic, "hello").toBytes());
        }
    }

    @Test
    void mqtt_3_1_3_8_emptyClientIdWithoutCleanSession_connack2ThenCloses() {
        try (RawMqttClient c = RawMqttClient.connect(broker.port())) {
            c.send(connect(MQTT_3_1_1, "").clean(false).toBytes())
                    .expectPacket(connack(false, 2))
                    .expectClosed(CLOSE);
        }
    }

    @Test
    void mqtt_3_1_4_5_refusedConnect_packetsAfterItAreNotProcessed() {
        String topic = topic("after-refusal");
        try (RawMqttClient sub = subscribed(broker.port(), MQTT_3_1_1, topic, 0);
                RawMqttClient c = RawMqttClient.connect(broker.port())) {
            c.send(connect(MQTT_3_1_1, "").clean(false).toBytes(), publish(topic, "x").toBytes())
                    .expectPacket(connack(false, 2))
                    .expectClosed(CLOSE);
            sub.expectNothing(QUIET);
        }
    }

    @EachProtocolLevel
    void mqtt_3_1_4_5_packetsRightAfterConnect_areProcessedInOrder(int level) {
        String topic = topic("pipelined");
        try (RawMqttClient c = RawMqttClient.connect(broker.port())) {
            c.send(connect(level, clientId("c")).toBytes(),
                            subscribe(1, topic, 0),
                            publish(topic, "x").toBytes())
                    .expectPacket(connack(false, 0))
                    .expectPacket(suback(1, 0))
                    .expectPacket(publish(topic, "x").toBytes());
        }
    }
}
