package io.herald.broker.store;

import static io.herald.broker.spec.SpecClients.CLOSE;
import static io.herald.broker.spec.SpecClients.QUIET;
import static io.herald.broker.spec.SpecClients.connected;
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

import io.herald.broker.store.rocks.Durability;
import io.herald.broker.store.rocks.RocksStore;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.MqttPackets;
import io.herald.testkit.RawMqttClient;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A persistent session's state survives a restart of the broker on the RocksDB store: its queue in
 * order, the in-flight messages resent with DUP [MQTT-4.4.0-1], a PUBREL still owed, the QoS 2 packet ids
 * it sent and has not released [MQTT-4.3.3-2], and retained messages.
 */
@Timeout(30)
class RocksRestartTest {

    @TempDir
    Path dir;
    private EmbeddedHerald herald;

    @BeforeEach
    void start() {
        herald = EmbeddedHerald.create().store(() -> RocksStore.open(dir, Durability.SYNC, Clock.systemUTC()));
        herald.start();
    }

    @AfterEach
    void stop() {
        herald.stop();
    }

    private void restart() {
        herald.stop();
        herald.start();
    }

    @Test
    void offlineQueue_isDeliveredInOrderAfterRestart() {
        subscribeAndLeave("sub", "q/#", 1);
        try (RawMqttClient pub = connected(herald.mqttPort(), MQTT_3_1_1, "pub")) {
            for (int i = 1; i <= 3; i++) {
                pub.send(publish("q/" + i, "m" + i).qos(1, i).toBytes()).expectPacket(puback(i));
            }
        }
        restart();
        try (RawMqttClient c = connected(herald.mqttPort(), persistent("sub"), true)) {
            for (int i = 1; i <= 3; i++) {
                String t = "q/" + i;
                String m = "m" + i;
                c.send(puback(c.expectPublish(pid -> publish(t, m).qos(1, pid).toBytes())));
            }
            c.expectNothing(QUIET);
        }
    }

    @Test
    void unacknowledgedQos1_isResentWithDupAfterRestart() {
        subscribeAndLeave("sub", "f/#", 1);
        int first;
        try (RawMqttClient c = connected(herald.mqttPort(), persistent("sub"), true);
                RawMqttClient pub = connected(herald.mqttPort(), MQTT_3_1_1, "pub")) {
            pub.send(publish("f/1", "again").qos(1, 1).toBytes()).expectPacket(puback(1));
            first = c.expectPublish(pid -> publish("f/1", "again").qos(1, pid).toBytes());
        }
        restart();
        try (RawMqttClient c = connected(herald.mqttPort(), persistent("sub"), true)) {
            c.expectPacket(publish("f/1", "again").qos(1, first).dup().toBytes()).send(puback(first))
                    .expectNothing(QUIET);
        }
        restart();
        try (RawMqttClient c = connected(herald.mqttPort(), persistent("sub"), true)) {
            c.expectNothing(QUIET); // the PUBACK was journalled too
        }
    }

    @Test
    void releasedQos2_getsItsPubrelAfterRestart_notThePublishAgain() {
        subscribeAndLeave("sub", "r/#", 2);
        int first;
        try (RawMqttClient c = connected(herald.mqttPort(), persistent("sub"), true);
                RawMqttClient pub = connected(herald.mqttPort(), MQTT_3_1_1, "pub")) {
            pub.send(publish("r/1", "m").qos(2, 1).toBytes()).expectPacket(pubrec(1)).send(pubrel(1))
                    .expectPacket(pubcomp(1));
            first = c.expectPublish(pid -> publish("r/1", "m").qos(2, pid).toBytes());
            c.send(pubrec(first)).expectPacket(pubrel(first));
        }
        restart();
        try (RawMqttClient c = connected(herald.mqttPort(), persistent("sub"), true)) {
            c.expectPacket(pubrel(first)).send(pubcomp(first)).expectNothing(QUIET);
        }
    }

    @Test
    void unreleasedInboundQos2_isNotRoutedTwiceAfterRestart() {
        subscribeAndLeave("sub", "x/#", 2);
        try (RawMqttClient pub = connected(herald.mqttPort(), persistent("pub"), false)) {
            pub.send(publish("x/1", "once").qos(2, 5).toBytes()).expectPacket(pubrec(5));
        }
        restart();
        try (RawMqttClient pub = connected(herald.mqttPort(), persistent("pub"), true)) {
            pub.send(publish("x/1", "once").qos(2, 5).dup().toBytes()).expectPacket(pubrec(5)).send(pubrel(5))
                    .expectPacket(pubcomp(5));
        }
        try (RawMqttClient c = connected(herald.mqttPort(), persistent("sub"), true)) {
            int pid = c.expectPublish(id -> publish("x/1", "once").qos(2, id).toBytes());
            c.send(pubrec(pid)).expectPacket(pubrel(pid)).send(pubcomp(pid)).expectNothing(QUIET);
        }
    }

    @Test
    void retainedMessages_areBackAfterRestart() {
        try (RawMqttClient pub = connected(herald.mqttPort(), MQTT_3_1_1, "pub")) {
            pub.send(publish("home/temp", "21").qos(1, 1).retain().toBytes()).expectPacket(puback(1));
            pub.send(publish("home/gone", "x").qos(1, 2).retain().toBytes()).expectPacket(puback(2));
            pub.send(publish("home/gone", "").qos(1, 3).retain().toBytes()).expectPacket(puback(3));
        }
        restart();
        try (RawMqttClient c = connected(herald.mqttPort(), MQTT_3_1_1, "sub")) {
            c.send(subscribe(1, "home/#", 0)).expectPacket(suback(1, 0))
                    .expectPacket(publish("home/temp", "21").retain().toBytes())
                    .expectNothing(QUIET);
        }
    }

    private static MqttPackets.Connect persistent(String clientId) {
        return connect(MQTT_3_1_1, clientId).clean(false);
    }

    private void subscribeAndLeave(String clientId, String filter, int qos) {
        try (RawMqttClient c = connected(herald.mqttPort(), persistent(clientId), false)) {
            c.send(subscribe(1, filter, qos)).expectPacket(suback(1, qos)).send(disconnect()).expectClosed(CLOSE);
        }
    }
}
