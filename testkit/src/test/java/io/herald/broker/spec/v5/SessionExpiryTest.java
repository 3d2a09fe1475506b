package io.herald.broker.spec.v5;

import static io.herald.broker.spec.v5.V5Client.QUIET;
import static io.herald.broker.spec.v5.V5Client.clientId;
import static io.herald.broker.spec.v5.V5Client.connected;
import static io.herald.broker.spec.v5.V5Client.topic;
import static io.herald.testkit.Mqtt5Packet.PUBACK;
import static io.herald.testkit.Mqtt5Packets.connect;
import static io.herald.testkit.Mqtt5Packets.disconnect;
import static io.herald.testkit.Mqtt5Packets.options;
import static io.herald.testkit.Mqtt5Packets.puback;
import static io.herald.testkit.Mqtt5Packets.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.broker.SessionInfo;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.Mqtt5Packet;
import io.herald.testkit.Mqtt5Properties;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Session Expiry Interval and Clean Start [MQTT-3.1.2-4] to [MQTT-3.1.2-6], [MQTT-3.1.2-23],
 * [MQTT-3.14.2]: 0 ends the session with the connection, n seconds keeps it that long offline,
 * 0xFFFFFFFF keeps it for ever, DISCONNECT may change it, and an expired session is freed.
 */
@Timeout(20)
class SessionExpiryTest {

    private static final long NEVER = 0xFFFF_FFFFL;

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create();

    @Test
    void mqtt_3_1_2_11_2_sessionExpiry0_sessionEndsWithConnection() {
        String id = clientId("zero");
        try (V5Client c = connected(herald.mqttPort(), connect(id).sessionExpiry(0))) {
            c.subscribe(1, Mqtt5Properties.of(), topic("t"), options(1, false, false, 0));
            c.disconnect();
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> session(id) == null);
        try (V5Client c = connected(herald.mqttPort(), connect(id).cleanStart(false))) {
            assertThat(c.connack().sessionPresent()).isFalse();
        }
    }

    @Test
    void mqtt_3_1_2_23_sessionExpiryN_sessionAndQueueKeptWhileOffline() {
        String id = clientId("kept");
        String t = topic("kept");
        try (V5Client c = connected(herald.mqttPort(), connect(id).cleanStart(true).sessionExpiry(2))) {
            c.subscribe(1, Mqtt5Properties.of(), t, options(1, false, false, 0));
        } // dropped without DISCONNECT
        await().atMost(Duration.ofSeconds(3)).until(() -> session(id) != null && !session(id).connected());
        publishQos1(t, "while away");
        try (V5Client c = connected(herald.mqttPort(), connect(id).cleanStart(false).sessionExpiry(0))) {
            assertThat(c.connack().sessionPresent()).isTrue(); // [MQTT-3.2.2-2]
            Mqtt5Packet p = c.expectPublish();
            assertThat(p.payloadText()).isEqualTo("while away");
            c.send(puback(p.packetId()));
        }
    }

    @Test
    void mqtt_3_1_2_11_2_sessionExpiryN_sessionLivesNSecondsThenIsFreed() {
        String id = clientId("expires");
        String t = topic("expires");
        try (V5Client c = connected(herald.mqttPort(), connect(id).sessionExpiry(2))) {
            c.subscribe(1, Mqtt5Properties.of(), t, options(1, false, false, 0));
            c.disconnect();
        }
        publishQos1(t, "queued");
        await().during(Duration.ofMillis(1_200)).atMost(Duration.ofMillis(1_600)).until(() -> session(id) != null);
        await().atMost(Duration.ofSeconds(3)).until(() -> session(id) == null); // its queue goes with it
        try (V5Client c = connected(herald.mqttPort(), connect(id).cleanStart(false))) {
            assertThat(c.connack().sessionPresent()).isFalse();
            c.expectNothing(QUIET); // the queued message went with the session
        }
    }

    @Test
    void mqtt_3_1_2_11_2_sessionExpiry0xFFFFFFFF_sessionDoesNotExpire() {
        String id = clientId("never");
        try (V5Client c = connected(herald.mqttPort(), connect(id).sessionExpiry(NEVER))) {
            c.disconnect();
        }
        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(2)).until(() -> session(id) != null);
        assertThat(session(id).expiryIntervalSeconds()).isEqualTo(NEVER);
        try (V5Client c = connected(herald.mqttPort(), connect(id).cleanStart(false).sessionExpiry(0))) {
            assertThat(c.connack().sessionPresent()).isTrue();
        }
    }

    @Test
    void mqtt_3_14_2_2_2_disconnectWithShorterExpiry_sessionExpiresSooner() {
        String id = clientId("shorter");
        try (V5Client c = connected(herald.mqttPort(), connect(id).sessionExpiry(60))) {
            c.send(disconnect(0x00, Mqtt5Properties.of().sessionExpiry(1))).expectClosed();
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> session(id) == null);
    }

    @Test
    void mqtt_3_14_2_2_2_disconnectWithExpiry0_sessionEndsAtOnce() {
        String id = clientId("ends");
        try (V5Client c = connected(herald.mqttPort(), connect(id).sessionExpiry(60))) {
            c.send(disconnect(0x00, Mqtt5Properties.of().sessionExpiry(0))).expectClosed();
        }
        await().atMost(Duration.ofSeconds(1)).until(() -> session(id) == null);
    }

    @Test
    void mqtt_3_14_2_2_2_disconnectWithLongerExpiry_sessionOutlivesConnectValue() {
        String id = clientId("longer");
        try (V5Client c = connected(herald.mqttPort(), connect(id).sessionExpiry(1))) {
            c.send(disconnect(0x00, Mqtt5Properties.of().sessionExpiry(60))).expectClosed();
        }
        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(2)).until(() -> session(id) != null);
        try (V5Client c = connected(herald.mqttPort(), connect(id).cleanStart(false).sessionExpiry(0))) {
            assertThat(c.connack().sessionPresent()).isTrue();
        }
    }

    @Test
    void mqtt_3_14_2_2_2_disconnectRaisingExpiryFrom0_protocolError0x82() {
        String id = clientId("raise");
        try (V5Client c = connected(herald.mqttPort(), connect(id))) {
            c.send(disconnect(0x00, Mqtt5Properties.of().sessionExpiry(30))).expectDisconnect(0x82);
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> session(id) == null); // expiry stays 0
    }

    @Test
    void mqtt_3_1_2_4_cleanStart1_discardsExistingSession() {
        String id = clientId("clean");
        String t = topic("clean");
        try (V5Client c = connected(herald.mqttPort(), connect(id).sessionExpiry(60))) {
            c.subscribe(1, Mqtt5Properties.of(), t, options(1, false, false, 0));
            c.disconnect();
        }
        try (V5Client c = connected(herald.mqttPort(), connect(id).cleanStart(true).sessionExpiry(0))) {
            assertThat(c.connack().sessionPresent()).isFalse();
            publishQos1(t, "to the old subscription");
            c.expectNothing(QUIET);
        }
    }

    @Test
    void mqtt_3_1_2_5_cleanStart0_resumesSessionWithSubscriptions() {
        String id = clientId("resume");
        String t = topic("resume");
        try (V5Client c = connected(herald.mqttPort(), connect(id).sessionExpiry(60))) {
            c.subscribe(1, Mqtt5Properties.of(), t, options(1, false, false, 0));
            c.disconnect();
        }
        try (V5Client c = connected(herald.mqttPort(), connect(id).cleanStart(false).sessionExpiry(0))) {
            assertThat(c.connack().sessionPresent()).isTrue();
            publishQos1(t, "kept");
            Mqtt5Packet p = c.expectPublish();
            assertThat(p.payloadText()).isEqualTo("kept");
            c.send(puback(p.packetId()));
        }
    }

    @Test
    void mqtt_3_1_2_6_cleanStart0_withoutSession_newSession() {
        try (V5Client c = connected(herald.mqttPort(), connect(clientId("new")).cleanStart(false))) {
            assertThat(c.connack().sessionPresent()).isFalse();
        }
    }

    /** The session of {@code clientId} as the broker reads it on its loop, or null. */
    private static SessionInfo session(String clientId) {
        return herald.broker().session(clientId).toCompletableFuture().join().orElse(null);
    }

    private static void publishQos1(String topic, String payload) {
        try (V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(topic, payload).qos(1, 1).toBytes()).expect(PUBACK);
        }
    }
}
