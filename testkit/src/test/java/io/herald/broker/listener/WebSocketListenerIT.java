package io.herald.broker.listener;

import static io.herald.broker.spec.SpecClients.clientId;
import static io.herald.broker.spec.SpecClients.topic;
import static io.herald.testkit.MqttPackets.MQTT_3_1_1;
import static io.herald.testkit.MqttPackets.connack;
import static io.herald.testkit.MqttPackets.connect;
import static io.herald.testkit.MqttPackets.pingreq;
import static io.herald.testkit.MqttPackets.pingresp;
import static io.herald.testkit.MqttPackets.publish;
import static io.herald.testkit.MqttPackets.suback;
import static io.herald.testkit.MqttPackets.subscribe;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.listener.ListenerSpec.Kind;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.TestPki;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The WebSocket and WSS listeners: subprotocols, binary frames as one byte stream (a packet split across
 * frames, several packets in one frame), what is refused, and Paho over ws:// and wss://.
 */
@Timeout(30)
class WebSocketListenerIT {

    private static final int MAX_PACKET = 4096;
    private static final TestPki pki = TestPki.create(Path.of("target", "pki", "ws"), "ws");

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create(c -> c
            .maxPacketSize(MAX_PACKET)
            .listener(new ListenerSpec("ws", Kind.WS, null, 0))
            .listener(new ListenerSpec("wss", Kind.WSS, null, 0))
            .tls(pki.serverSettings()));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mqtt", "mqttv3.1"})
    void handshake_echoesTheSubprotocol(String subprotocol) throws Exception {
        try (WsTestClient ws = WsTestClient.open(ws(), null, subprotocol)) {
            assertThat(ws.subprotocol()).isEqualTo(subprotocol);
            ws.send(connect(MQTT_3_1_1, clientId("ws")).toBytes()).expectPacket(connack(false, 0));
        }
    }

    @Test
    void packetSplitAcrossContinuationFrames_isReassembled() throws Exception {
        try (WsTestClient ws = WsTestClient.open(ws(), null, "mqtt")) {
            ws.sendFragmented(connect(MQTT_3_1_1, clientId("frag")).toBytes(), 3).expectPacket(connack(false, 0));
        }
    }

    @Test
    void packetSplitAcrossTwoBinaryMessages_isReassembled() throws Exception {
        byte[] connect = connect(MQTT_3_1_1, clientId("split")).toBytes();
        try (WsTestClient ws = WsTestClient.open(ws(), null, "mqtt")) {
            ws.send(java.util.Arrays.copyOf(connect, 5))
                    .send(java.util.Arrays.copyOfRange(connect, 5, connect.length))
                    .expectPacket(connack(false, 0));
        }
    }

    @Test
    void severalPacketsInOneFrame_areEachHandled() throws Exception {
        String t = topic("ws-batch");
        try (WsTestClient ws = WsTestClient.open(ws(), null, "mqtt")) {
            ws.send(connect(MQTT_3_1_1, clientId("batch")).toBytes(), subscribe(1, t, 0), pingreq(),
                            publish(t, "echo").toBytes())
                    .expectPacket(connack(false, 0))
                    .expectPacket(suback(1, 0))
                    .expectPacket(pingresp())
                    .expectPacket(publish(t, "echo").toBytes());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ws", "wss"})
    void publishToASubscriber_leavesAsOneBinaryFrame(String scheme) throws Exception {
        String t = topic("ws-frame-" + scheme);
        byte[] payload = new byte[3_000];
        java.util.Arrays.fill(payload, (byte) 'p');
        byte[] delivered = publish(t, payload).toBytes(); // QoS 0 as published
        SSLContext tls = scheme.equals("wss") ? pki.clientContext(null) : null;
        try (WsTestClient ws = WsTestClient.open(scheme.equals("wss") ? wss() : ws(), tls, "mqtt")) {
            ws.send(connect(MQTT_3_1_1, clientId("frame")).toBytes(), subscribe(1, t, 1))
                    .expectPacket(connack(false, 0))
                    .expectPacket(suback(1, 1))
                    .send(publish(t, payload).toBytes())
                    .expectPacket(delivered);
            // header and payload are written as one buffer on a WebSocket connection: one frame
            assertThat(ws.messages()).anySatisfy(m -> assertThat(m).isEqualTo(delivered));
        }
    }

    @Test
    void wss_carriesMqtt() throws Exception {
        try (WsTestClient ws = WsTestClient.open(wss(), pki.clientContext(null), "mqtt")) {
            assertThat(ws.subprotocol()).isEqualTo("mqtt");
            ws.send(connect(MQTT_3_1_1, clientId("wss")).toBytes()).expectPacket(connack(false, 0));
        }
    }

    @Test
    void textFrame_closesWithUnsupportedData() throws Exception {
        try (WsTestClient ws = WsTestClient.open(ws(), null, "mqtt")) {
            ws.sendText("CONNECT");
            assertThat(ws.awaitClosed(Duration.ofSeconds(5))).isEqualTo(1003);
        }
    }

    @Test
    void frameLargerThanMaxPacketSize_closesWithMessageTooBig() throws Exception {
        byte[][] pings = new byte[MAX_PACKET / 2 + 1][];
        java.util.Arrays.fill(pings, pingreq());
        try (WsTestClient ws = WsTestClient.open(ws(), null, "mqtt")) {
            ws.send(connect(MQTT_3_1_1, clientId("big")).toBytes()).expectPacket(connack(false, 0));
            ws.send(pings); // each packet is fine, the frame holding them is too big
            assertThat(ws.awaitClosed(Duration.ofSeconds(5))).isEqualTo(1009);
        }
    }

    @Test
    void otherPath_isNotFound() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + herald.port("ws") + "/other")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("/mqtt");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ws", "wss"})
    void paho_publishesAndReceives(String scheme) throws Exception {
        String uri = scheme + "://127.0.0.1:" + herald.port(scheme) + "/mqtt";
        String t = topic("paho-" + scheme);
        BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        SSLContext tls = scheme.equals("wss") ? pki.clientContext(null) : null;
        MqttClient sub = paho(uri, tls);
        MqttClient pub = paho(uri, tls);
        try {
            sub.subscribe(t, 1, (topic, m) -> inbox.add(new String(m.getPayload(), UTF_8)));
            pub.publish(t, ("over " + scheme).getBytes(UTF_8), 1, false);
            assertThat(inbox.poll(5, TimeUnit.SECONDS)).isEqualTo("over " + scheme);
        } finally {
            close(pub);
            close(sub);
        }
    }

    private static URI ws() {
        return URI.create("ws://127.0.0.1:" + herald.port("ws") + "/mqtt");
    }

    private static URI wss() {
        return URI.create("wss://localhost:" + herald.port("wss") + "/mqtt");
    }

    /** Paho on {@code uri}; {@code tls} is null for ws://. */
    private static MqttClient paho(String uri, SSLContext tls) throws MqttException {
        MqttClient client = new MqttClient(uri, clientId("pws"), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        if (tls != null) {
            options.setSocketFactory(tls.getSocketFactory());
        }
        client.connect(options);
        return client;
    }

    private static void close(MqttClient c) throws MqttException {
        if (c.isConnected()) {
            c.disconnect();
        }
        c.close();
    }
}
