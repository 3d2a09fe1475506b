package io.herald.broker.spec.v3;

import static io.herald.broker.spec.SpecClients.QUIET;
import static io.herald.broker.spec.SpecClients.clientId;
import static io.herald.broker.spec.SpecClients.connected;
import static io.herald.broker.spec.SpecClients.roundTrip;
import static io.herald.broker.spec.SpecClients.subscribed;
import static io.herald.broker.spec.SpecClients.topic;
import static io.herald.testkit.MqttPackets.MQTT_3_1_1;
import static io.herald.testkit.MqttPackets.disconnect;
import static io.herald.testkit.MqttPackets.puback;
import static io.herald.testkit.MqttPackets.publish;
import static io.herald.testkit.MqttPackets.suback;
import static io.herald.testkit.MqttPackets.subscribe;
import static io.herald.testkit.MqttPackets.toHex;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.spec.BrokerUnderTest;
import io.herald.broker.spec.EachProtocolLevel;
import io.herald.testkit.MqttPackets;
import io.herald.testkit.RawMqttClient;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Retained messages [MQTT-3.3.1-5] to [MQTT-3.3.1-12]. Each test uses its own topics. */
@Timeout(20)
class RetainedTest {

    @RegisterExtension
    static final BrokerUnderTest broker = BrokerUnderTest.create();

    @EachProtocolLevel
    void mqtt_3_3_1_6_retainedMessage_sentToNewSubscriberWithRetainFlag(int level) {
        String t = topic("stored");
        try (RawMqttClient pub = connected(broker.port(), level, clientId("pub"))) {
            roundTrip(pub.send(publish(t, "kept").retain().toBytes()));
            try (RawMqttClient sub = subscribed(broker.port(), level, t, 0)) {
                sub.expectPacket(publish(t, "kept").retain().toBytes()); // [MQTT-3.3.1-8]
            }
        }
    }

    @Test
    void mqtt_3_3_1_7_newRetainedMessage_replacesOldEvenAtQos0() {
        String t = topic("replaced");
        try (RawMqttClient pub = connected(broker.port(), MQTT_3_1_1, clientId("pub"))) {
            pub.send(publish(t, "old").qos(1, 1).retain().toBytes()).expectPacket(puback(1));
            roundTrip(pub.send(publish(t, "new").retain().toBytes()));
            try (RawMqttClient sub = subscribed(broker.port(), MQTT_3_1_1, t, 1)) {
                sub.expectPacket(publish(t, "new").retain().toBytes()).expectNothing(QUIET);
            }
        }
    }

    @Test
    void mqtt_3_3_1_10_emptyRetainedPayload_deletesRetainedMessage() {
        String t = topic("deleted");
        try (RawMqttClient pub = connected(broker.port(), MQTT_3_1_1, clientId("pub"))) {
            roundTrip(pub.send(publish(t, "soon gone").retain().toBytes(), publish(t, "").retain().toBytes()));
            try (RawMqttClient sub = subscribed(broker.port(), MQTT_3_1_1, t, 0)) {
                sub.expectNothing(QUIET); // [MQTT-3.3.1-11] and the empty message is not stored either
            }
        }
    }

    @Test
    void mqtt_3_3_1_10_emptyRetainedPayload_forwardedToCurrentSubscribers() {
        String t = topic("empty-forwarded");
        try (RawMqttClient sub = subscribed(broker.port(), MQTT_3_1_1, t, 0);
                RawMqttClient pub = connected(broker.port(), MQTT_3_1_1, clientId("pub"))) {
            pub.send(publish(t, "").retain().toBytes());
            sub.expectPacket(publish(t, "").toBytes());
        }
    }

    @EachProtocolLevel
    void mqtt_3_3_1_9_retainedPublishToExistingSubscriber_sentWithRetainFlag0(int level) {
        String t = topic("live");
        try (RawMqttClient sub = subscribed(broker.port(), level, t, 0);
                RawMqttClient pub = connected(broker.port(), level, clientId("pub"))) {
            pub.send(publish(t, "now").retain().toBytes());
            sub.expectPacket(publish(t, "now").toBytes());
        }
    }

    @Test
    void mqtt_3_3_1_12_nonRetainedPublish_leavesRetainedMessage() {
        String t = topic("untouched");
        try (RawMqttClient pub = connected(broker.port(), MQTT_3_1_1, clientId("pub"))) {
            roundTrip(pub.send(publish(t, "retained").retain().toBytes(), publish(t, "passing").toBytes()));
            try (RawMqttClient sub = subscribed(broker.port(), MQTT_3_1_1, t, 0)) {
                sub.expectPacket(publish(t, "retained").retain().toBytes()).expectNothing(QUIET);
            }
        }
    }

    @Test
    void mqtt_3_3_1_6_wildcardSubscription_receivesEveryMatchingRetainedMessage() {
        String t = topic("many");
        try (RawMqttClient pub = connected(broker.port(), MQTT_3_1_1, clientId("pub"))) {
            roundTrip(pub.send(publish(t + "/a", "A").retain().toBytes(), publish(t + "/b/c", "C").retain().toBytes()));
            try (RawMqttClient sub = subscribed(broker.port(), MQTT_3_1_1, t + "/#", 0)) {
                Set<String> received = Stream.of(sub.readPacket(QUIET.multipliedBy(10)), sub.readPacket(QUIET.multipliedBy(10)))
                        .map(MqttPackets::toHex)
                        .collect(Collectors.toSet());
                assertThat(received).containsExactlyInAnyOrder(
                        toHex(publish(t + "/a", "A").retain().toBytes()),
                        toHex(publish(t + "/b/c", "C").retain().toBytes()));
                sub.expectNothing(QUIET);
            }
        }
    }

    @Test
    void mqtt_3_8_4_6_retainedMessage_sentAtMinimumOfStoredAndGrantedQos() {
        String t = topic("retained-qos");
        try (RawMqttClient pub = connected(broker.port(), MQTT_3_1_1, clientId("pub"))) {
            pub.send(publish(t, "r").qos(1, 1).retain().toBytes()).expectPacket(puback(1));
            try (RawMqttClient sub0 = subscribed(broker.port(), MQTT_3_1_1, t, 0);
                    RawMqttClient sub2 = subscribed(broker.port(), MQTT_3_1_1, t, 2)) {
                sub0.expectPacket(publish(t, "r").retain().toBytes());
                sub2.send(puback(sub2.expectPublish(pid -> publish(t, "r").qos(1, pid).retain().toBytes())));
            }
        }
    }

    @Test
    void mqtt_3_8_4_3_resubscribeSameFilter_resendsRetainedMessage() {
        String t = topic("again");
        try (RawMqttClient pub = connected(broker.port(), MQTT_3_1_1, clientId("pub"))) {
            roundTrip(pub.send(publish(t, "r").retain().toBytes()));
            try (RawMqttClient sub = subscribed(broker.port(), MQTT_3_1_1, t, 0)) {
                sub.expectPacket(publish(t, "r").retain().toBytes())
                        .send(subscribe(2, t, 0))
                        .expectPacket(suback(2, 0))
                        .expectPacket(publish(t, "r").retain().toBytes());
            }
        }
    }

    @Test
    void mqtt_3_1_2_7_retainedMessage_outlivesPublisherSession() {
        String t = topic("outlives");
        try (RawMqttClient pub = connected(broker.port(), MQTT_3_1_1, clientId("pub"))) {
            pub.send(publish(t, "r").qos(1, 1).retain().toBytes()).expectPacket(puback(1)).send(disconnect());
        }
        try (RawMqttClient sub = subscribed(broker.port(), MQTT_3_1_1, t, 0)) {
            sub.expectPacket(publish(t, "r").retain().toBytes());
        }
    }
}
