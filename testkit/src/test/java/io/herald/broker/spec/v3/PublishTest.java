package io.herald.broker.spec.v3;

import static io.herald.broker.spec.SpecClients.CLOSE;
import static io.herald.broker.spec.SpecClients.QUIET;
import static io.herald.broker.spec.SpecClients.clientId;
import static io.herald.broker.spec.SpecClients.connected;
import static io.herald.broker.spec.SpecClients.subscribed;
import static io.herald.broker.spec.SpecClients.topic;
import static io.herald.testkit.MqttPackets.MQTT_3_1_1;
import static io.herald.testkit.MqttPackets.bytes;
import static io.herald.testkit.MqttPackets.packet;
import static io.herald.testkit.MqttPackets.puback;
import static io.herald.testkit.MqttPackets.pubcomp;
import static io.herald.testkit.MqttPackets.publish;
import static io.herald.testkit.MqttPackets.pubrec;
import static io.herald.testkit.MqttPackets.pubrel;
import static io.herald.testkit.MqttPackets.str;

import io.herald.broker.spec.BrokerUnderTest;
import io.herald.broker.spec.EachProtocolLevel;
import io.herald.testkit.RawMqttClient;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** PUBLISH and the QoS 0, 1 and 2 flows in both directions [MQTT-3.3], [MQTT-4.3]. */
@Timeout(20)
class PublishTest {

    @RegisterExtension
    static final BrokerUnderTest broker = BrokerUnderTest.create();

    @EachProtocolLevel
    void mqtt_4_5_0_1_qos0Publish_forwardedToSubscriberUnchanged(int level) {
        String topic = topic("qos0");
        try (RawMqttClient sub = subscribed(broker.port(), level, topic, 0);
                RawMqttClient pub = connected(broker.port(), level, clientId("pub"))) {
            pub.send(publish(topic, "hello").toBytes());
            sub.expectPacket(publish(topic, "hello").toBytes());
        }
    }

    @EachProtocolLevel
    void mqtt_4_3_2_2_qos1Publish_pubackWithSamePacketIdAndDeliveredAtQos1(int level) {
        String topic = topic("qos1");
        try (RawMqttClient sub = subscribed(broker.port(), level, topic, 1);
                RawMqttClient pub = connected(broker.port(), level, clientId("pub"))) {
            pub.send(publish(topic, "one").qos(1, 0x1234).toBytes()).expectPacket(puback(0x1234));
            int id = sub.expectPublish(pid -> publish(topic, "one").qos(1, pid).toBytes());
            sub.send(puback(id)).expectNothing(QUIET);
        }
    }

    @EachProtocolLevel
    void mqtt_4_3_3_2_qos2Publish_pubrecPubrelPubcompAndDeliveredOnce(int level) {
        String topic = topic("qos2");
        try (RawMqttClient sub = subscribed(broker.port(), level, topic, 2);
                RawMqttClient pub = connected(broker.port(), level, clientId("pub"))) {
            pub.send(publish(topic, "two").qos(2, 7).toBytes())
                    .expectPacket(pubrec(7))
                    .send(pubrel(7))
                    .expectPacket(pubcomp(7));
            int id = sub.expectPublish(pid -> publish(topic, "two").qos(2, pid).toBytes());
            sub.send(pubrec(id))
                    .expectPacket(pubrel(id)) // [MQTT-3.6.1-1] PUBREL flags 0010
                    .send(pubcomp(id))
                    .expectNothing(QUIET);
        }
    }

    @EachProtocolLevel
    void mqtt_4_3_3_2_qos2ResentWithDupBeforePubrel_deliveredExactlyOnce(int level) {
        String topic = topic("qos2-dup");
        try (RawMqttClient sub = subscribed(broker.port(), level, topic, 0);
                RawMqttClient pub = connected(broker.port(), level, clientId("pub"))) {
            pub.send(publish(topic, "once").qos(2, 9).toBytes())
                    .expectPacket(pubrec(9))
                    .send(publish(topic, "once").qos(2, 9).dup().toBytes())
                    .expectPacket(pubrec(9))
                    .send(pubrel(9))
                    .expectPacket(pubcomp(9));
            sub.expectPacket(publish(topic, "once").toBytes()).expectNothing(QUIET);
        }
    }

    @EachProtocolLevel
    void mqtt_4_3_3_2_pubrelForUnknownPacketId_answeredWithPubcomp(int level) {
        try (RawMqttClient c = connected(broker.port(), level, clientId("c"))) {
            c.send(pubrel(42)).expectPacket(pubcomp(42));
        }
    }

    @ParameterizedTest(name = "published at QoS {0}, subscribed at QoS {1}")
    @CsvSource({"0,0", "0,1", "0,2", "1,0", "1,1", "1,2", "2,0", "2,1", "2,2"})
    void mqtt_3_8_4_6_deliveredAtMinimumOfPublishedAndGrantedQos(int publishedQos, int subscribedQos) {
        String topic = topic("downgrade");
        int delivered = Math.min(publishedQos, subscribedQos);
        try (RawMqttClient sub = subscribed(broker.port(), MQTT_3_1_1, topic, subscribedQos);
                RawMqttClient pub = connected(broker.port(), MQTT_3_1_1, clientId("pub"))) {
            pub.send(publish(topic, "m").qos(publishedQos, 3).toBytes());
            if (publishedQos == 1) {
                pub.expectPacket(puback(3));
            } else if (publishedQos == 2) {
                pub.expectPacket(pubrec(3)).send(pubrel(3)).expectPacket(pubcomp(3));
            }
            sub.expectPublish(pid -> publish(topic, "m").qos(delivered, pid).toBytes());
        }
    }

    @Test
    void mqtt_3_3_1_3_dupFromPublisher_notSetOnFirstDeliveryToSubscriber() {
        String topic = topic("dup");
        try (RawMqttClient sub = subscribed(broker.port(), MQTT_3_1_1, topic, 1);
                RawMqttClient pub = connected(broker.port(), MQTT_3_1_1, clientId("pub"))) {
            pub.send(publish(topic, "d").qos(1, 5).dup().toBytes()).expectPacket(puback(5));
            sub.expectPublish(pid -> publish(topic, "d").qos(1, pid).toBytes());
        }
    }

    @Test
    void mqtt_4_6_0_6_messagesOnOneTopic_deliveredInPublishOrder() {
        String topic = topic("order");
        try (RawMqttClient sub = subscribed(broker.port(), MQTT_3_1_1, topic, 1);
                RawMqttClient pub = connected(broker.port(), MQTT_3_1_1, clientId("pub"))) {
            for (int i = 1; i <= 20; i++) {
                pub.send(publish(topic, "m" + i).qos(1, i).toBytes()).expectPacket(puback(i));
            }
            for (int i = 1; i <= 20; i++) {
                String payload = "m" + i;
                sub.send(puback(sub.expectPublish(pid -> publish(topic, payload).qos(1, pid).toBytes())));
            }
        }
    }

    @Test
    void mqtt_2_2_3_payloadNeedingThreeByteRemainingLength_deliveredIntact() {
        String topic = topic("large");
        byte[] payload = new byte[200_000];
        Arrays.fill(payload, (byte) 'x');
        try (RawMqttClient sub = subscribed(broker.port(), MQTT_3_1_1, topic, 1);
                RawMqttClient pub = connected(broker.port(), MQTT_3_1_1, clientId("pub"))) {
            pub.send(publish(topic, payload).qos(1, 1).toBytes()).expectPacket(puback(1));
            sub.expectPublish(pid -> publish(topic, payload).qos(1, pid).toBytes());
        }
    }

    @Test
    void mqtt_3_3_3_emptyPayload_delivered() {
        String topic = topic("empty");
        try (RawMqttClient sub = subscribed(broker.port(), MQTT_3_1_1, topic, 0);
                RawMqttClient pub = connected(broker.port(), MQTT_3_1_1, clientId("pub"))) {
            pub.send(publish(topic, "").toBytes());
            sub.expectPacket(publish(topic, "").toBytes());
        }
    }

    @EachProtocolLevel
    void mqtt_3_3_1_4_qos3_closes(int level) {
        try (RawMqttClient c = connected(broker.port(), level, clientId("c"))) {
            c.send(publish(topic("qos3"), "x").qos(3, 1).toBytes()).expectClosed(CLOSE);
        }
    }

    @EachProtocolLevel
    void mqtt_2_3_1_1_qos1WithPacketId0_closes(int level) {
        try (RawMqttClient c = connected(broker.port(), level, clientId("c"))) {
            c.send(publish(topic("id0"), "x").qos(1, 0).toBytes()).expectClosed(CLOSE);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/+", "a/#", "#", "+", "a/+/b"})
    void mqtt_3_3_2_2_topicNameWithWildcard_closesAndIsNotForwarded(String name) {
        try (RawMqttClient sub = subscribed(broker.port(), MQTT_3_1_1, "#", 0);
                RawMqttClient c = connected(broker.port(), MQTT_3_1_1, clientId("c"))) {
            c.send(publish(name, "x").toBytes()).expectClosed(CLOSE);
            sub.expectNothing(QUIET);
        }
    }

    @Test
    void mqtt_4_7_3_1_emptyTopicName_closes() {
        try (RawMqttClient c = connected(broker.port(), MQTT_3_1_1, clientId("c"))) {
            c.send(publish("", "x").toBytes()).expectClosed(CLOSE);
        }
    }

    @Test
    void mqtt_1_5_3_1_topicNameNotUtf8_closes() {
        try (RawMqttClient c = connected(broker.port(), MQTT_3_1_1, clientId("c"))) {
            c.send(packet(0x30,                         // PUBLISH QoS 0
                    str(bytes(0x61, 0x2F, 0xED, 0xA0, 0x80)), // topic "a/" then an encoded surrogate U+D800
                    bytes(0x78)))                       // payload "x"
                    .expectClosed(CLOSE);
        }
    }

    @Test
    void mqtt_1_5_3_2_topicNameWithNullCharacter_closes() {
        try (RawMqttClient c = connected(broker.port(), MQTT_3_1_1, clientId("c"))) {
            c.send(publish("a\u0000b", "x").toBytes()).expectClosed(CLOSE);
        }
    }
}
