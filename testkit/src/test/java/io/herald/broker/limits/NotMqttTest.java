package io.herald.broker.limits;

import static io.herald.broker.spec.SpecClients.clientId;
import static io.herald.testkit.MqttPackets.MQTT_3_1_1;
import static io.herald.testkit.MqttPackets.connack;
import static io.herald.testkit.MqttPackets.connect;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.broker.listener.LogCapture;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.RawMqttClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What is not MQTT on the MQTT TCP port (a plain HTTP request, a TLS ClientHello) is closed at the first
 * bytes that cannot start a CONNECT [MQTT-3.1.0-1] [MQTT-3.1.2-1], long before the connect timeout; a
 * CONNECT arriving in pieces is not mistaken for it. Each such connection is counted; the log says so at
 * info at most once a minute.
 */
@Timeout(30)
class NotMqttTest {

    private static final Duration AT_ONCE = Duration.ofSeconds(2);

    @RegisterExtension
    final LogCapture log = new LogCapture("io.herald.broker.handler");

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create(c -> c.connectTimeout(Duration.ofSeconds(20)));

    @Test
    void plainHttpRequest_closedAtOnce() {
        try (RawMqttClient c = RawMqttClient.connect(herald.mqttPort())) {
            // 'G' reads as a fixed header whose remaining length 'E' (69) is more than the request has
            c.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(US_ASCII)).expectClosed(AT_ONCE);
        }
    }

    @Test
    void tlsClientHello_closedAtOnce() throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine("localhost", 1883);
        engine.setUseClientMode(true);
        ByteBuffer hello = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.beginHandshake();
        engine.wrap(ByteBuffer.allocate(0), hello);
        try (RawMqttClient c = RawMqttClient.connect(herald.mqttPort())) {
            c.send(Arrays.copyOf(hello.array(), hello.position())).expectClosed(AT_ONCE);
        }
    }

    @Test
    void firstBytesOfAConnectWithAnotherProtocolName_closedBeforeTheRestArrives() {
        try (RawMqttClient c = RawMqttClient.connect(herald.mqttPort())) {
            // CONNECT, remaining length 100, then a name that is neither MQTT nor MQIsdp: 96 bytes never sent
            c.send(new byte[] {0x10, 100, 0, 4, 'H', 'T'}).expectClosed(AT_ONCE);
        }
    }

    @Test
    void manyPlainHttpConnections_countedEach_debugEach_infoAtMostOnce() {
        long before = herald.broker().metrics().protocolViolationsCount();
        for (int i = 0; i < 50; i++) {
            try (RawMqttClient c = RawMqttClient.connect(herald.mqttPort())) {
                c.send("GET / HTTP/1.1\r\n\r\n".getBytes(US_ASCII)).expectClosed(AT_ONCE);
            }
        }
        await().atMost(AT_ONCE).until(() -> herald.broker().metrics().protocolViolationsCount() >= before + 50);
        assertThat(log.lines().stream().filter(l -> l.startsWith("DEBUG") && l.contains("malformed")))
                .as("one debug line per connection").hasSize(50);
        assertThat(log.lines().stream().filter(l -> l.startsWith("INFO") || l.startsWith("WARN")))
                .as("the info summary, at most once a minute").hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void connectInSingleBytes_isAccepted() {
        byte[] connect = connect(MQTT_3_1_1, clientId("pieces")).toBytes();
        try (RawMqttClient c = RawMqttClient.connect(herald.mqttPort())) {
            for (byte b : connect) {
                c.send(new byte[] {b});
            }
            c.expectPacket(connack(false, 0));
        }
    }
}
