package io.herald.broker.listener;

import static io.herald.broker.spec.SpecClients.CLOSE;
import static io.herald.broker.spec.SpecClients.QUIET;
import static io.herald.broker.spec.SpecClients.clientId;
import static io.herald.broker.spec.SpecClients.connected;
import static io.herald.broker.spec.SpecClients.roundTrip;
import static io.herald.testkit.MqttPackets.MQTT_3_1_1;
import static io.herald.testkit.MqttPackets.connack;
import static io.herald.testkit.MqttPackets.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.broker.listener.ListenerSpec.Kind;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.RawMqttClient;
import io.herald.testkit.TestPki;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Per-listener limits: the connection limit and the connect rate close excess connections as they are
 * accepted (and count them), and the connect timeout also closes TLS and WebSocket connections that
 * never send CONNECT.
 */
@Timeout(30)
class ListenerLimitsIT {

    private static final int PER_LISTENER = 2;
    private static final TestPki pki = TestPki.create(Path.of("target", "pki", "limits"), "limits");

    @RegisterExtension
    final EmbeddedHerald herald = EmbeddedHerald.create(c -> c
            .maxConnectionsPerListener(PER_LISTENER)
            .connectTimeout(Duration.ofSeconds(1))
            .listener(new ListenerSpec("ws", Kind.WS, null, 0))
            .listener(new ListenerSpec("tls", Kind.TLS, null, 0))
            .tls(pki.serverSettings()));

    @Test
    void connectionBeyondTheListenersLimit_isClosed_whileOtherListenersAccept() throws Exception {
        List<RawMqttClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < PER_LISTENER; i++) {
                open.add(connected(herald.mqttPort(), MQTT_3_1_1, clientId("lim")));
            }
            try (RawMqttClient extra = RawMqttClient.connect(herald.mqttPort())) {
                extra.expectClosed(CLOSE);
            }
            assertThat(herald.broker().metrics().listenerRefusedCount("mqtt", "max_connections")).isEqualTo(1);
            try (WsTestClient ws = WsTestClient.open(URI.create("ws://127.0.0.1:" + herald.port("ws") + "/mqtt"), null, "mqtt")) {
                ws.send(connect(MQTT_3_1_1, clientId("other")).toBytes()).expectPacket(connack(false, 0));
            }
            roundTrip(open.getFirst());

            open.removeLast().close();
            await().atMost(CLOSE).until(() -> herald.broker().listeners().getFirst().openConnections() < PER_LISTENER);
            open.add(connected(herald.mqttPort(), MQTT_3_1_1, clientId("again")));
        } finally {
            open.forEach(RawMqttClient::close);
        }
    }

    @Test
    void webSocketThatNeverSendsConnect_isClosedAfterTheConnectTimeout() throws Exception {
        try (WsTestClient ws = WsTestClient.open(URI.create("ws://127.0.0.1:" + herald.port("ws") + "/mqtt"), null, "mqtt")) {
            ws.awaitClosed(Duration.ofSeconds(4));
        }
    }

    @Test
    void tlsConnectionThatNeverSendsConnect_isClosedAfterTheConnectTimeout() {
        try (RawMqttClient c = RawMqttClient.connectTls(herald.port("tls"), pki.clientContext(null).getSocketFactory())) {
            c.expectClosed(Duration.ofSeconds(4));
        }
    }

    @Test
    void connectionsFasterThanTheConnectRate_areClosedAndCounted() {
        EmbeddedHerald limited = EmbeddedHerald.create(c -> c.connectRate(1));
        limited.start();
        try {
            int refused = 0;
            for (int i = 0; i < 5; i++) {
                try (RawMqttClient c = RawMqttClient.connect(limited.mqttPort())) {
                    c.drain(QUIET); // an accepted connection stays open and silent, awaiting CONNECT
                    if (c.isClosed()) {
                        refused++;
                    }
                }
            }
            assertThat(refused).as("connections closed at accept").isBetween(1, 4);
            assertThat(limited.broker().metrics().listenerRefusedCount("mqtt", "rate_limit")).isEqualTo(refused);
        } finally {
            limited.stop();
        }
    }
}
