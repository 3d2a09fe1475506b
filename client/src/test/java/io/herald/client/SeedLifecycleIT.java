package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.client.support.HeraldBroker;
import io.herald.client.support.Ports;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seed-001 API's connection lifecycle against Herald: events, reconnect (automatic after a broker
 * restart, manual as in the samples, paced from an error handler), {@code end}, and event registration.
 */
@Timeout(30)
class SeedLifecycleIT {

    private static HeraldBroker herald;

    @RegisterExtension
    final SeedClients clients = new SeedClients();

    @BeforeAll
    static void start() {
        herald = HeraldBroker.launch();
    }

    @AfterAll
    static void stop() {
        herald.close();
    }

    @Test
    void brokerRestart_emitsCloseReconnectAndConnectAgain() throws Exception {
        HeraldBroker broker = HeraldBroker.launch();
        try {
            MqttClient client = clients.connect(broker.url(), Map.of("reconnectCount", 1855, "reconnectPeriod", 50));
            List<String> events = new CopyOnWriteArrayList<>();
            for (String e : List.of("connect", "reconnect", "close", "error")) {
                client.on(e, () -> events.add(e));
            }
            await().until(client::isConnected);
            broker.stop();
            await().until(() -> events.contains("close") && events.contains("error"));
            assertThat(client.isReconnecting()).isTrue();
            broker.start();
            await().atMost(Duration.ofSeconds(10)).until(client::isConnected);
            assertThat(events).startsWith("connect", "close", "reconnect", "error").endsWith("connect");
        } finally {
            broker.close();
        }
    }

    @Test
    void reconnectFromTheErrorHandler_whileTheBrokerIsDown_isPacedByReconnectPeriod() {
        MqttClient client = clients.connect("mqtt://127.0.0.1:" + Ports.free(), Map.of("reconnectPeriod", 400));
        AtomicInteger attempts = new AtomicInteger();
        client.on("reconnect", () -> attempts.incrementAndGet());
        client.on(MqttEvent.ERROR, err -> {
            if (err.code() == MqttError.CONNECTION_FAILED) {
                client.reconnect();
            }
        });
        await().until(() -> attempts.get() >= 2);
        long start = System.nanoTime();
        int before = attempts.get();
        await().pollDelay(Duration.ofMillis(1500)).until(() -> true);
        double seconds = (System.nanoTime() - start) / 1e9;
        // one attempt per 400 ms at most: ~4 in 1.5 s, never the thousands a spinning loop makes
        assertThat(attempts.get() - before).isBetween(1, (int) Math.ceil(seconds / 0.4) + 1);
    }

    @Test
    void manualReconnect_asInTheSamples_emitsReconnectAndConnects() throws Exception {
        MqttClient client = clients.connected(herald.url(), Map.of());
        List<String> events = new CopyOnWriteArrayList<>();
        client.on("reconnect", () -> events.add("reconnect"));
        client.on("close", () -> events.add("close"));
        client.on("connect", () -> events.add("connect"));
        client.reconnect();
        await().until(() -> events.equals(List.of("connect", "close", "reconnect", "connect")));
        assertThat(client.isConnected()).isTrue();
    }

    @Test
    void end_emitsEndThenCallsBackAndRefusesLaterCalls() throws Exception {
        MqttClient client = clients.connected(herald.url(), Map.of());
        List<String> events = new CopyOnWriteArrayList<>();
        client.on("end", () -> events.add("end"));
        client.on("close", () -> events.add("close"));
        CompletableFuture<Void> released = new CompletableFuture<>();
        client.end(() -> released.complete(null));
        released.get(5, TimeUnit.SECONDS);
        assertThat(events).containsExactly("end", "close");
        assertThat(client.isConnected()).isFalse();
        assertThat(client.publish("a", "x").code()).isEqualTo(MqttError.DISCONNECTED);
        client.reconnect();
        assertThat(client.isReconnecting()).isFalse();
    }

    @Test
    void connectEvent_reachesAHandlerRegisteredAfterTheConnectionCompleted() throws Exception {
        MqttClient client = clients.connect(herald.url(), Map.of());
        await().until(client::isConnected);
        CompletableFuture<Object> late = new CompletableFuture<>();
        client.on("connect", connack -> late.complete(connack));
        assertThat(late.get(5, TimeUnit.SECONDS)).isInstanceOf(ConnAck.class);
    }

    @Test
    void unknownEvent_isRefused() {
        MqttClient client = clients.connect(herald.url(), Map.of());
        assertThatThrownBy(() -> client.on("disconnect", () -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown event 'disconnect'");
    }
}
