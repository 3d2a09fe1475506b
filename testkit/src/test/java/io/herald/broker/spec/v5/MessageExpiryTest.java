package io.herald.broker.spec.v5;

import static io.herald.broker.spec.v5.V5Client.QUIET;
import static io.herald.broker.spec.v5.V5Client.clientId;
import static io.herald.broker.spec.v5.V5Client.connected;
import static io.herald.broker.spec.v5.V5Client.subscribed;
import static io.herald.broker.spec.v5.V5Client.topic;
import static io.herald.testkit.Mqtt5Packet.PUBACK;
import static io.herald.testkit.Mqtt5Packets.connect;
import static io.herald.testkit.Mqtt5Packets.options;
import static io.herald.testkit.Mqtt5Packets.puback;
import static io.herald.testkit.Mqtt5Packets.publish;
import static io.herald.testkit.Mqtt5Properties.MESSAGE_EXPIRY_INTERVAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.broker.BrokerMetrics.DropReason;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.Mqtt5Packet;
import io.herald.testkit.Mqtt5Properties;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Message Expiry Interval [MQTT-3.3.2-5] [MQTT-3.3.2-6]: a message whose interval has passed before
 * delivery began is never delivered (queued or retained), and the interval forwarded is what is left.
 */
@Timeout(20)
class MessageExpiryTest {

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create();

    @Test
    void mqtt_3_3_2_6_liveSubscriber_receivesExpiryInterval() {
        String t = topic("live");
        try (V5Client sub = subscribed(herald.mqttPort(), t, options(1, false, false, 0));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(t, "m").qos(1, 1).properties(Mqtt5Properties.of().messageExpiry(60)).toBytes());
            Mqtt5Packet p = sub.expectPublish();
            assertThat(p.properties().integer(MESSAGE_EXPIRY_INTERVAL)).isBetween(59L, 60L);
        }
    }

    @Test
    void mqtt_3_3_2_6_noExpiryInterval_noneForwarded() {
        String t = topic("none");
        try (V5Client sub = subscribed(herald.mqttPort(), t, options(0, false, false, 0));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(t, "m").toBytes());
            assertThat(sub.expectPublish().properties().has(MESSAGE_EXPIRY_INTERVAL)).isFalse();
        }
    }

    @Test
    void mqtt_3_3_2_5_expiredQueuedMessage_notDelivered() {
        String id = clientId("away");
        String t = topic("queued");
        leaveWithSubscription(id, t);
        long expiredBefore = herald.broker().metrics().droppedCount(DropReason.EXPIRED);
        publishQos1(t, "short-lived", 1);
        publishQos1(t, "lasting", 60);
        await().pollDelay(Duration.ofMillis(1_100)).atMost(Duration.ofSeconds(2)).until(() -> true);
        try (V5Client c = connected(herald.mqttPort(), connect(id).cleanStart(false).sessionExpiry(0))) {
            Mqtt5Packet p = c.expectPublish();
            assertThat(p.payloadText()).isEqualTo("lasting");
            c.send(puback(p.packetId())).expectNothing(QUIET);
        }
        assertThat(herald.broker().metrics().droppedCount(DropReason.EXPIRED)).isGreaterThan(expiredBefore);
    }

    @Test
    void mqtt_3_3_2_6_queuedMessage_forwardedIntervalReducedByTimeWaited() {
        String id = clientId("waited");
        String t = topic("waited");
        leaveWithSubscription(id, t);
        publishQos1(t, "waits", 10);
        await().pollDelay(Duration.ofMillis(1_100)).atMost(Duration.ofSeconds(2)).until(() -> true);
        try (V5Client c = connected(herald.mqttPort(), connect(id).cleanStart(false).sessionExpiry(0))) {
            Mqtt5Packet p = c.expectPublish();
            assertThat(p.properties().integer(MESSAGE_EXPIRY_INTERVAL)).isBetween(1L, 9L);
            c.send(puback(p.packetId()));
        }
    }

    @Test
    void mqtt_3_3_2_6_retainedMessage_forwardedIntervalReducedByTimeWaited() {
        String t = topic("retained");
        try (V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(t, "kept").qos(1, 1).retain().properties(Mqtt5Properties.of().messageExpiry(10))
                    .toBytes()).expect(PUBACK);
        }
        await().pollDelay(Duration.ofMillis(1_100)).atMost(Duration.ofSeconds(2)).until(() -> true);
        try (V5Client sub = subscribed(herald.mqttPort(), t, options(1, false, false, 0))) {
            Mqtt5Packet p = sub.expectPublish();
            assertThat(p.retain()).isTrue();
            assertThat(p.properties().integer(MESSAGE_EXPIRY_INTERVAL)).isBetween(1L, 9L);
            sub.send(puback(p.packetId()));
        }
    }

    @Test
    void mqtt_3_3_2_5_expiredRetainedMessage_notSentToNewSubscriber() {
        String t = topic("retained-expired");
        try (V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(t, "gone soon").qos(1, 1).retain().properties(Mqtt5Properties.of().messageExpiry(1))
                    .toBytes()).expect(PUBACK);
        }
        await().pollDelay(Duration.ofMillis(1_100)).atMost(Duration.ofSeconds(2)).until(() -> true);
        try (V5Client sub = subscribed(herald.mqttPort(), t, options(1, false, false, 0))) {
            sub.expectNothing(QUIET);
        }
    }

    private static void leaveWithSubscription(String id, String t) {
        try (V5Client c = connected(herald.mqttPort(), connect(id).sessionExpiry(60))) {
            c.subscribe(1, Mqtt5Properties.of(), t, options(1, false, false, 0));
            c.disconnect();
        }
    }

    private static void publishQos1(String t, String payload, long expirySeconds) {
        try (V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(t, payload).qos(1, 1).properties(Mqtt5Properties.of().messageExpiry(expirySeconds))
                    .toBytes()).expect(PUBACK);
        }
    }
}
