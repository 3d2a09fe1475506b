package io.herald.broker.spec.v5;

import static io.herald.broker.spec.v5.V5Client.clientId;
import static io.herald.broker.spec.v5.V5Client.connected;
import static io.herald.testkit.Mqtt5Packets.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.broker.DisconnectReason;
import io.herald.broker.SessionEvent;
import io.herald.broker.auth.AuthResult;
import io.herald.broker.auth.ClientIdentity;
import io.herald.broker.auth.Permissions;
import io.herald.broker.auth.Principal;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.MqttPackets;
import io.herald.testkit.RawMqttClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Session events for presence: Connected and Disconnected, with principal, protocol, transport, remote
 * address and reason, delivered in order on the broker's own events thread, never on an event loop.
 */
@Timeout(20)
class SessionEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** Every client is the thing named by its user name. */
    @RegisterExtension
    final EmbeddedHerald herald = EmbeddedHerald.create().authenticator(info ->
            CompletableFuture.completedFuture(AuthResult.accept(new ClientIdentity(info.clientId(), info.username(),
                    new Principal(Principal.KIND_THING, String.valueOf(info.username())), Permissions.ALLOW_ALL,
                    null))));

    private final List<SessionEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() {
        herald.broker().addSessionListener(e -> {
            events.add(e);
            threads.add(Thread.currentThread().getName());
        });
    }

    @Test
    void connectThenDisconnect_connectedThenDisconnected_onTheEventsThread() {
        String id = clientId("pump");
        try (V5Client c = connected(herald.mqttPort(), connect(id).username("pump-7"))) {
            await().atMost(WAIT).until(() -> events.size() == 1);
            SessionEvent.Connected up = (SessionEvent.Connected) events.getFirst();
            assertThat(up.clientId()).isEqualTo(id);
            assertThat(up.principal()).isEqualTo(new Principal(Principal.KIND_THING, "pump-7"));
            assertThat(up.protocolLevel()).isEqualTo(5);
            assertThat(up.transport()).isEqualTo("tcp");
            assertThat(((InetSocketAddress) up.remoteAddress()).getAddress().isLoopbackAddress()).isTrue();
            assertThat(up.at()).isNotNull();
            c.disconnect();
        }
        await().atMost(WAIT).until(() -> events.size() == 2);
        SessionEvent.Disconnected down = (SessionEvent.Disconnected) events.get(1);
        assertThat(down.clientId()).isEqualTo(id);
        assertThat(down.principal()).isEqualTo(new Principal(Principal.KIND_THING, "pump-7"));
        assertThat(down.reason()).isEqualTo("client disconnected");
        assertThat(down.at()).isAfterOrEqualTo(events.getFirst().at());
        assertThat(threads).containsOnly("herald-session-events");
    }

    @Test
    void mqtt311ConnectionLost_disconnectedSaysSo() {
        String id = clientId("lost");
        try (RawMqttClient c = RawMqttClient.connect(herald.mqttPort())) {
            c.send(MqttPackets.connect(MqttPackets.MQTT_3_1_1, id).username("v3").toBytes())
                    .expectPacket(MqttPackets.connack(false, 0));
            await().atMost(WAIT).until(() -> events.size() == 1);
            assertThat(((SessionEvent.Connected) events.getFirst()).protocolLevel()).isEqualTo(4);
        }
        await().atMost(WAIT).until(() -> events.size() == 2);
        assertThat(((SessionEvent.Disconnected) events.get(1)).reason()).isEqualTo("connection lost");
    }

    @Test
    void revoked_disconnectedCarriesTheReason() throws Exception {
        try (V5Client c = connected(herald.mqttPort(), connect(clientId("revoked")).username("gone"))) {
            herald.broker().disconnect(new Principal(Principal.KIND_THING, "gone"), DisconnectReason.ADMINISTRATIVE,
                    false).toCompletableFuture().get(5, TimeUnit.SECONDS);
            c.expectDisconnect(0x98);
        }
        await().atMost(WAIT).until(() -> events.size() == 2);
        assertThat(((SessionEvent.Disconnected) events.get(1)).reason()).isEqualTo("administrative");
    }
}
