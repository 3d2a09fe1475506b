package io.herald.broker.spec.v3;

import static io.herald.broker.spec.SpecClients.CLOSE;
import static io.herald.broker.spec.SpecClients.QUIET;
import static io.herald.broker.spec.SpecClients.clientId;
import static io.herald.broker.spec.SpecClients.connected;
import static io.herald.broker.spec.SpecClients.subscribed;
import static io.herald.broker.spec.SpecClients.topic;
import static io.herald.testkit.MqttPackets.MQTT_3_1_1;
import static io.herald.testkit.MqttPackets.connect;
import static io.herald.testkit.MqttPackets.disconnect;
import static io.herald.testkit.MqttPackets.puback;
import static io.herald.testkit.MqttPackets.pubcomp;
import static io.herald.testkit.MqttPackets.publish;
import static io.herald.testkit.MqttPackets.pubrec;
import static io.herald.testkit.MqttPackets.pubrel;

import io.herald.broker.spec.BrokerUnderTest;
import io.herald.broker.spec.EachProtocolLevel;
import io.herald.testkit.RawMqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Will messages [MQTT-3.1.2-8] to [MQTT-3.1.2-17], [MQTT-3.14.4-3]. */
@Timeout(20)
class WillTest {

    @RegisterExtension
    static final BrokerUnderTest broker = BrokerUnderTest.create();

    @EachProtocolLevel
    void mqtt_3_1_2_8_connectionDroppedWithoutDisconnect_willPublished(int level) {
        String will = topic("will");
        try (RawMqttClient sub = subscribed(broker.port(), level, will, 0)) {
            connected(broker.port(), connect(level, clientId("dying")).will(will, "gone", 0, false), false).close();
            sub.expectPacket(publish(will, "gone").toBytes());
        }
    }

    @EachProtocolLevel
    void mqtt_3_1_2_10_disconnect_willDiscarded(int level) {
        String will = topic("will");
        try (RawMqttClient sub = subscribed(broker.port(), level, will, 0)) {
            try (RawMqttClient c = connected(broker.port(),
                    connect(level, clientId("polite")).will(will, "gone", 0, false), false)) {
                c.send(disconnect()).expectClosed(CLOSE); // [MQTT-3.14.4-1] the server closes too
            }
            sub.expectNothing(QUIET);
        }
    }

    @Test
    void mqtt_4_8_0_1_protocolViolation_closesAndPublishesWill() {
        String will = topic("will");
        try (RawMqttClient sub = subscribed(broker.port(), MQTT_3_1_1, will, 0);
                RawMqttClient c = connected(broker.port(),
                        connect(MQTT_3_1_1, clientId("rude")).will(will, "gone", 0, false), false)) {
            c.send(publish(topic("x"), "x").qos(3, 1).toBytes()).expectClosed(CLOSE);
            sub.expectPacket(publish(will, "gone").toBytes());
        }
    }

    @Test
    void mqtt_3_1_2_17_willRetain_publishedAsRetainedMessage() {
        String will = topic("will");
        try (RawMqttClient live = subscribed(broker.port(), MQTT_3_1_1, will, 0)) {
            connected(broker.port(), connect(MQTT_3_1_1, clientId("dying")).will(will, "last", 0, true), false).close();
            live.expectPacket(publish(will, "last").toBytes()); // [MQTT-3.3.1-9] retain 0 for a live subscription
        }
        try (RawMqttClient later = subscribed(broker.port(), MQTT_3_1_1, will, 0)) {
            later.expectPacket(publish(will, "last").retain().toBytes());
        }
    }

    @Test
    void mqtt_3_1_2_16_willRetain0_notRetained() {
        String will = topic("will");
        try (RawMqttClient live = subscribed(broker.port(), MQTT_3_1_1, will, 0)) {
            connected(broker.port(), connect(MQTT_3_1_1, clientId("dying")).will(will, "last", 0, false), false).close();
            live.expectPacket(publish(will, "last").toBytes());
        }
        try (RawMqttClient later = subscribed(broker.port(), MQTT_3_1_1, will, 0)) {
            later.expectNothing(QUIET);
        }
    }

    @Test
    void mqtt_3_1_2_14_willQos1_deliveredAtQos1() {
        String will = topic("will");
        try (RawMqttClient sub = subscribed(broker.port(), MQTT_3_1_1, will, 2)) {
            connected(broker.port(), connect(MQTT_3_1_1, clientId("dying")).will(will, "q1", 1, false), false).close();
            sub.send(puback(sub.expectPublish(pid -> publish(will, "q1").qos(1, pid).toBytes())));
        }
    }

    @Test
    void mqtt_3_1_2_14_willQos2_deliveredAtQos2() {
        String will = topic("will");
        try (RawMqttClient sub = subscribed(broker.port(), MQTT_3_1_1, will, 2)) {
            connected(broker.port(), connect(MQTT_3_1_1, clientId("dying")).will(will, "q2", 2, false), false).close();
            int id = sub.expectPublish(pid -> publish(will, "q2").qos(2, pid).toBytes());
            sub.send(pubrec(id)).expectPacket(pubrel(id)).send(pubcomp(id));
        }
    }

    @Test
    void mqtt_3_1_4_2_takenOverConnection_publishesItsWill() {
        BrokerUnderTest.assumeNotMosquitto("mosquitto 2 publishes no will for a MQTT 3 takeover");
        String will = topic("will");
        String id = clientId("twice");
        try (RawMqttClient sub = subscribed(broker.port(), MQTT_3_1_1, will, 0);
                RawMqttClient first = connected(broker.port(), connect(MQTT_3_1_1, id).will(will, "old", 0, false), false);
                RawMqttClient second = connected(broker.port(), connect(MQTT_3_1_1, id), false)) {
            first.expectClosed(CLOSE);
            sub.expectPacket(publish(will, "old").toBytes());
        }
    }
}
