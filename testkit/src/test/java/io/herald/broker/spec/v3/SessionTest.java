package io.herald.broker.spec.v3;

import static io.herald.broker.spec.SpecClients.CLOSE;
import static io.herald.broker.spec.SpecClients.QUIET;
import static io.herald.broker.spec.SpecClients.clientId;
import static io.herald.broker.spec.SpecClients.connected;
import static io.herald.broker.spec.SpecClients.roundTrip;
import static io.herald.broker.spec.SpecClients.topic;
import static io.herald.testkit.MqttPackets.MQTT_3_1_1;
import static io.herald.testkit.MqttPackets.connect;
import static io.herald.testkit.MqttPackets.disconnect;
import static io.herald.testkit.MqttPackets.puback;
import static io.herald.testkit.MqttPackets.pubcomp;
import static io.herald.testkit.MqttPackets.publish;
import static io.herald.testkit.MqttPackets.pubrec;
import static io.herald.testkit.MqttPackets.pubrel;
import static io.herald.testkit.MqttPackets.suback;
import static io.herald.testkit.MqttPackets.subscribe;

import io.herald.broker.spec.BrokerUnderTest;
import io.herald.broker.spec.EachProtocolLevel;
import io.herald.testkit.MqttPackets;
import io.herald.testkit.RawMqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sessions: clean and persistent, session present, takeover, offline queues and redelivery
 * [MQTT-3.1.2-4] to [MQTT-3.1.2-6], [MQTT-3.1.4-2], [MQTT-3.2.2-1] to [MQTT-3.2.2-3], [MQTT-4.4.0-1].
 */
@Timeout(20)
class SessionTest {

    @RegisterExtension
    static final BrokerUnderTest broker = BrokerUnderTest.create();

    @EachProtocolLevel
    void mqtt_3_1_4_2_sameClientIdConnects_oldConnectionClosed(int level) {
        String id = clientId("twice");
        try (RawMqttClient first = connected(broker.port(), level, id);
                RawMqttClient second = connected(broker.port(), level, id)) {
            first.expectClosed(CLOSE);
            roundTrip(second);
        }
    }

    @Test
    void mqtt_3_2_2_3_persistentSessionWithoutStoredState_sessionPresent0() {
        try (RawMqttClient c = connected(broker.port(), persistent(clientId("fresh")), false)) {
            roundTrip(c);
        }
    }

    @Test
    void mqtt_3_2_2_2_persistentSessionResumed_sessionPresent1AndSubscriptionsKept() {
        String id = clientId("resume");
        String t = topic("kept");
        subscribeAndLeave(id, t, 1);
        try (RawMqttClient c = connected(broker.port(), persistent(id), true);
                RawMqttClient pub = connected(broker.port(), MQTT_3_1_1, clientId("pub"))) {
            pub.send(publish(t, "m").toBytes());
            c.expectPacket(publish(t, "m").toBytes());
        }
    }

    @Test
    void mqtt_3_1_2_6_cleanSession_discardsStoredSession() {
        String id = clientId("wiped");
        String t = topic("wiped");
        subscribeAndLeave(id, t, 1);
        try (RawMqttClient c = connected(broker.port(), connect(MQTT_3_1_1, id).clean(true), false); // [MQTT-3.2.2-1]
                RawMqttClient pub = connected(broker.port(), MQTT_3_1_1, clientId("pub"))) {
            pub.send(publish(t, "m").toBytes());
            c.expectNothing(QUIET);
            c.send(disconnect());
        }
        try (RawMqttClient c = connected(broker.port(), persistent(id), false)) {
            roundTrip(c);
        }
    }

    @Test
    void mqtt_3_1_2_5_qos1And2WhileOffline_deliveredOnReconnect() {
        String id = clientId("offline");
        String t = topic("offline");
        subscribeAndLeave(id, t, 2);
        try (RawMqttClient pub = connected(broker.port(), MQTT_3_1_1, clientId("pub"))) {
            pub.send(publish(t, "one").qos(1, 1).toBytes()).expectPacket(puback(1));
            pub.send(publish(t, "two").qos(2, 2).toBytes()).expectPacket(pubrec(2))
                    .send(pubrel(2)).expectPacket(pubcomp(2));
        }
        try (RawMqttClient c = connected(broker.port(), persistent(id), true)) {
            c.send(puback(c.expectPublish(pid -> publish(t, "one").qos(1, pid).toBytes())));
            int two = c.expectPublish(pid -> publish(t, "two").qos(2, pid).toBytes());
            c.send(pubrec(two)).expectPacket(pubrel(two)).send(pubcomp(two)).expectNothing(QUIET);
        }
    }

    @Test
    void mqtt_4_4_0_1_unacknowledgedQos1_resentWithDupOnReconnect() {
        String id = clientId("unacked");
        String t = topic("unacked");
        subscribeAndLeave(id, t, 1);
        int first;
        try (RawMqttClient c = connected(broker.port(), persistent(id), true);
                RawMqttClient pub = connected(broker.port(), MQTT_3_1_1, clientId("pub"))) {
            pub.send(publish(t, "again").qos(1, 1).toBytes()).expectPacket(puback(1));
            first = c.expectPublish(pid -> publish(t, "again").qos(1, pid).toBytes());
        }
        try (RawMqttClient c = connected(broker.port(), persistent(id), true)) {
            c.expectPacket(publish(t, "again").qos(1, first).dup().toBytes()) // [MQTT-3.3.1-1]
                    .send(puback(first))
                    .expectNothing(QUIET);
        }
    }

    @Test
    void mqtt_4_4_0_1_unacknowledgedQos2Publish_resentWithDupOnReconnect() {
        String id = clientId("unrec");
        String t = topic("unrec");
        subscribeAndLeave(id, t, 2);
        int first;
        try (RawMqttClient c = connected(broker.port(), persistent(id), true);
                RawMqttClient pub = connected(broker.port(), MQTT_3_1_1, clientId("pub"))) {
            pub.send(publish(t, "again").qos(2, 1).toBytes()).expectPacket(pubrec(1)).send(pubrel(1))
                    .expectPacket(pubcomp(1));
            first = c.expectPublish(pid -> publish(t, "again").qos(2, pid).toBytes());
        }
        try (RawMqttClient c = connected(broker.port(), persistent(id), true)) {
            c.expectPacket(publish(t, "again").qos(2, first).dup().toBytes())
                    .send(pubrec(first))
                    .expectPacket(pubrel(first))
                    .send(pubcomp(first))
                    .expectNothing(QUIET);
        }
    }

    @Test
    void mqtt_4_4_0_1_unacknowledgedPubrel_resentOnReconnect() {
        String id = clientId("uncomp");
        String t = topic("uncomp");
        subscribeAndLeave(id, t, 2);
        int first;
        try (RawMqttClient c = connected(broker.port(), persistent(id), true);
                RawMqttClient pub = connected(broker.port(), MQTT_3_1_1, clientId("pub"))) {
            pub.send(publish(t, "m").qos(2, 1).toBytes()).expectPacket(pubrec(1)).send(pubrel(1))
                    .expectPacket(pubcomp(1));
            first = c.expectPublish(pid -> publish(t, "m").qos(2, pid).toBytes());
            c.send(pubrec(first)).expectPacket(pubrel(first));
        }
        try (RawMqttClient c = connected(broker.port(), persistent(id), true)) {
            c.expectPacket(pubrel(first)).send(pubcomp(first)).expectNothing(QUIET);
        }
    }

    @Test
    void mqtt_4_3_3_2_qos2FromPublisher_deliveredExactlyOnceAcrossReconnect() {
        String id = clientId("pub2");
        String t = topic("exactly-once");
        try (RawMqttClient sub = connected(broker.port(), MQTT_3_1_1, clientId("sub"))) {
            sub.send(subscribe(1, t, 0)).expectPacket(suback(1, 0));
            try (RawMqttClient pub = connected(broker.port(), persistent(id), false)) {
                pub.send(publish(t, "once").qos(2, 5).toBytes()).expectPacket(pubrec(5));
            }
            try (RawMqttClient pub = connected(broker.port(), persistent(id), true)) {
                pub.send(publish(t, "once").qos(2, 5).dup().toBytes())
                        .expectPacket(pubrec(5))
                        .send(pubrel(5))
                        .expectPacket(pubcomp(5));
            }
            sub.expectPacket(publish(t, "once").toBytes()).expectNothing(QUIET);
        }
    }

    @Test
    void mqtt_3_1_4_2_takeover_keepsPersistentSession() {
        String id = clientId("handover");
        String t = topic("handover");
        try (RawMqttClient first = connected(broker.port(), persistent(id), false)) {
            first.send(subscribe(1, t, 1)).expectPacket(suback(1, 1));
            try (RawMqttClient second = connected(broker.port(), persistent(id), true);
                    RawMqttClient pub = connected(broker.port(), MQTT_3_1_1, clientId("pub"))) {
                first.expectClosed(CLOSE);
                pub.send(publish(t, "m").toBytes());
                second.expectPacket(publish(t, "m").toBytes());
            }
        }
    }

    private static MqttPackets.Connect persistent(String clientId) {
        return connect(MQTT_3_1_1, clientId).clean(false);
    }

    /** Creates a persistent session subscribed to {@code filter}, then disconnects. */
    private static void subscribeAndLeave(String clientId, String filter, int qos) {
        try (RawMqttClient c = connected(broker.port(), persistent(clientId), false)) {
            c.send(subscribe(1, filter, qos)).expectPacket(suback(1, qos)).send(disconnect()).expectClosed(CLOSE);
        }
    }
}
