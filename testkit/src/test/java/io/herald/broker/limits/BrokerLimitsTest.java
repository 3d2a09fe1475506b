package io.herald.broker.limits;

import static io.herald.broker.spec.SpecClients.CLOSE;
import static io.herald.broker.spec.SpecClients.QUIET;
import static io.herald.broker.spec.SpecClients.clientId;
import static io.herald.broker.spec.SpecClients.connected;
import static io.herald.broker.spec.SpecClients.roundTrip;
import static io.herald.broker.spec.SpecClients.subscribed;
import static io.herald.broker.spec.SpecClients.topic;
import static io.herald.testkit.MqttPackets.MQTT_3_1_1;
import static io.herald.testkit.MqttPackets.connect;
import static io.herald.testkit.MqttPackets.disconnect;
import static io.herald.testkit.MqttPackets.puback;
import static io.herald.testkit.MqttPackets.publish;
import static io.herald.testkit.MqttPackets.suback;
import static io.herald.testkit.MqttPackets.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.broker.BrokerConfig.QueueOverflow;
import io.herald.broker.BrokerMetrics.DropReason;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.RawMqttClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Herald's configurable limits (BrokerConfig), each with the behaviour a client sees when it is reached. */
@Timeout(20)
class BrokerLimitsTest {

    private static final int MAX_PACKET = 1024;
    private static final int MAX_CONNECTIONS = 5;
    private static final int MAX_INFLIGHT = 2;
    private static final int MAX_QUEUED = 3;

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create(c -> c
            .maxPacketSize(MAX_PACKET)
            .maxConnections(MAX_CONNECTIONS)
            .maxInflight(MAX_INFLIGHT)
            .maxQueuedMessages(MAX_QUEUED)
            .overflow(QueueOverflow.DROP_OLDEST)
            .connectTimeout(Duration.ofSeconds(1)));

    @Test
    void packetOfMaxPacketSize_accepted() {
        String t = topic("size");
        try (RawMqttClient c = connected(herald.mqttPort(), MQTT_3_1_1, clientId("c"))) {
            c.send(publish(t, payloadFilling(t, MAX_PACKET)).qos(1, 1).toBytes()).expectPacket(puback(1));
        }
    }

    @Test
    void packetOverMaxPacketSize_closes() {
        String t = topic("size");
        try (RawMqttClient c = connected(herald.mqttPort(), MQTT_3_1_1, clientId("c"))) {
            c.send(publish(t, payloadFilling(t, MAX_PACKET + 1)).qos(1, 1).toBytes()).expectClosed(CLOSE);
        }
    }

    @Test
    void noConnectWithinConnectTimeout_closes() {
        try (RawMqttClient c = RawMqttClient.connect(herald.mqttPort())) {
            c.expectClosed(Duration.ofSeconds(3));
        }
    }

    @Test
    void connectionBeyondMaxConnections_closedBeforeConnect() {
        awaitNoConnections();
        List<RawMqttClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
                open.add(connected(herald.mqttPort(), MQTT_3_1_1, clientId("max")));
            }
            try (RawMqttClient extra = RawMqttClient.connect(herald.mqttPort())) {
                extra.expectClosed(CLOSE);
            }
            roundTrip(open.get(0));
        } finally {
            open.forEach(RawMqttClient::close);
        }
        awaitNoConnections(); // the broker counts the closes on its loops: the next test must not find the limit full
    }

    @Test
    void unacknowledgedWindowFull_furtherMessagesWaitForPuback() {
        String t = topic("inflight");
        try (RawMqttClient sub = subscribed(herald.mqttPort(), MQTT_3_1_1, t, 1);
                RawMqttClient pub = connected(herald.mqttPort(), MQTT_3_1_1, clientId("pub"))) {
            for (int i = 1; i <= MAX_INFLIGHT + 1; i++) {
                pub.send(publish(t, "m" + i).qos(1, i).toBytes()).expectPacket(puback(i));
            }
            int first = sub.expectPublish(pid -> publish(t, "m1").qos(1, pid).toBytes());
            sub.expectPublish(pid -> publish(t, "m2").qos(1, pid).toBytes());
            sub.expectNothing(QUIET).send(puback(first));
            sub.expectPublish(pid -> publish(t, "m3").qos(1, pid).toBytes());
        }
    }

    @Test
    void offlineQueueFull_dropsOldestAndCountsIt() {
        String id = clientId("queue");
        String t = topic("queue");
        long droppedBefore = herald.broker().metrics().droppedCount(DropReason.QUEUE_FULL);
        try (RawMqttClient c = connected(herald.mqttPort(), connect(MQTT_3_1_1, id).clean(false), false)) {
            c.send(subscribe(1, t, 1)).expectPacket(suback(1, 1)).send(disconnect()).expectClosed(CLOSE);
        }
        try (RawMqttClient pub = connected(herald.mqttPort(), MQTT_3_1_1, clientId("pub"))) {
            for (int i = 1; i <= MAX_QUEUED + 2; i++) {
                pub.send(publish(t, "m" + i).qos(1, i).toBytes()).expectPacket(puback(i));
            }
        }
        try (RawMqttClient c = connected(herald.mqttPort(), connect(MQTT_3_1_1, id).clean(false), true)) {
            for (int i = 3; i <= MAX_QUEUED + 2; i++) {
                String payload = "m" + i;
                c.send(puback(c.expectPublish(pid -> publish(t, payload).qos(1, pid).toBytes())));
            }
            c.expectNothing(QUIET);
        }
        assertThat(herald.broker().metrics().droppedCount(DropReason.QUEUE_FULL) - droppedBefore).isEqualTo(2);
    }

    /** A payload that makes a QoS 1 PUBLISH to {@code topic} exactly {@code packetSize} bytes long. */
    private static byte[] payloadFilling(String topic, int packetSize) {
        int variableHeader = 2 + topic.length() + 2;
        int remaining = packetSize - 1 - 2; // fixed header byte, two remaining-length bytes (128..16383)
        return new byte[remaining - variableHeader];
    }

    private static void awaitNoConnections() {
        await().atMost(CLOSE).pollInterval(Duration.ofMillis(10))
                .until(() -> herald.broker().metrics().openConnections() == 0);
    }
}
