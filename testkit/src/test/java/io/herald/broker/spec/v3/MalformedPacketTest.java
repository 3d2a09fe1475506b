package io.herald.broker.spec.v3;

import static io.herald.broker.spec.SpecClients.CLOSE;
import static io.herald.broker.spec.SpecClients.clientId;
import static io.herald.broker.spec.SpecClients.connected;
import static io.herald.testkit.MqttPackets.MQTT_3_1_1;
import static io.herald.testkit.MqttPackets.connect;
import static io.herald.testkit.MqttPackets.hex;

import io.herald.broker.spec.BrokerUnderTest;
import io.herald.broker.spec.EachProtocolLevel;
import io.herald.testkit.RawMqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed packets and packets a client may not send close the connection [MQTT-2.2], [MQTT-4.8.0-1]. */
@Timeout(20)
class MalformedPacketTest {

    @RegisterExtension
    static final BrokerUnderTest broker = BrokerUnderTest.create();

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "reserved type 0, 00 00",
        "reserved type 15, f0 00",
        "CONNACK from a client, 20 02 00 00",
    })
    void mqtt_4_8_0_1_packetTypeNotSentByClients_closes(String what, String packet) {
        try (RawMqttClient c = connected(broker.port(), MQTT_3_1_1, clientId("c"))) {
            c.sendHex(packet).expectClosed(CLOSE);
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "SUBACK from a client, 90 03 00 01 00",
        "UNSUBACK from a client, b0 02 00 01",
        "PINGRESP from a client, d0 00",
    })
    void mqtt_4_8_0_1_serverOnlyAcknowledgementFromClient_closes(String what, String packet) {
        BrokerUnderTest.assumeNotMosquitto("mosquitto 2.0.11 ignores these");
        try (RawMqttClient c = connected(broker.port(), MQTT_3_1_1, clientId("c"))) {
            c.sendHex(packet).expectClosed(CLOSE);
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "PINGREQ flags 0001, c1 00",
        "DISCONNECT flags 0010, e2 00",
        "PUBACK flags 0010, 42 02 00 01",
        "PUBREC flags 1000, 58 02 00 01",
        "PUBREL flags 0000, 60 02 00 01",
        "PUBCOMP flags 0001, 71 02 00 01",
    })
    void mqtt_2_2_2_2_invalidFixedHeaderFlags_closes(String what, String packet) {
        BrokerUnderTest.assumeNotMosquitto("mosquitto 2.0.11 checks the flags of DISCONNECT and PUBREC only");
        try (RawMqttClient c = connected(broker.port(), MQTT_3_1_1, clientId("c"))) {
            c.sendHex(packet).expectClosed(CLOSE);
        }
    }

    @Test
    void mqtt_2_2_2_2_connectWithFlags0001_closes() {
        byte[] connect = connect(MQTT_3_1_1, clientId("c")).toBytes();
        connect[0] = 0x11; // CONNECT, reserved flags 0001
        try (RawMqttClient c = RawMqttClient.connect(broker.port())) {
            c.send(connect).expectClosed(CLOSE);
        }
    }

    @EachProtocolLevel
    void mqtt_2_2_3_remainingLengthOverFourBytes_closes(int level) {
        try (RawMqttClient c = connected(broker.port(), level, clientId("c"))) {
            c.sendHex("30 ff ff ff ff 01").expectClosed(CLOSE);
        }
    }

    @Test
    void mqtt_2_2_3_remainingLengthOverFourBytesBeforeConnect_closes() {
        try (RawMqttClient c = RawMqttClient.connect(broker.port())) {
            c.sendHex("10 80 80 80 80 01").expectClosed(CLOSE);
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "PINGREQ with a payload byte, c0 01 00",
        "DISCONNECT with a payload byte, e0 01 00",
    })
    void mqtt_4_8_0_1_packetLongerThanItsFields_closes(String what, String packet) {
        BrokerUnderTest.assumeNotMosquitto("mosquitto 2.0.11 answers a PINGREQ with a payload");
        try (RawMqttClient c = connected(broker.port(), MQTT_3_1_1, clientId("c"))) {
            c.sendHex(packet).expectClosed(CLOSE);
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "PUBACK with a one-byte packet id, 40 01 00",
        "PUBLISH whose topic length passes the packet end, 30 03 00 05 61",
        "QoS 1 PUBLISH without packet id, 32 03 00 01 61",
        "SUBSCRIBE whose filter passes the packet end, 82 06 00 01 00 08 61 00",
    })
    void mqtt_4_8_0_1_packetShorterThanItsFields_closes(String what, String packet) {
        try (RawMqttClient c = connected(broker.port(), MQTT_3_1_1, clientId("c"))) {
            c.send(hex(packet)).expectClosed(CLOSE);
        }
    }
}
