package io.herald.broker.listener;

import static io.herald.broker.spec.SpecClients.CLOSE;
import static io.herald.broker.spec.SpecClients.clientId;
import static io.herald.broker.spec.SpecClients.topic;
import static io.herald.testkit.MqttPackets.MQTT_3_1_1;
import static io.herald.testkit.MqttPackets.connack;
import static io.herald.testkit.MqttPackets.connect;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.broker.listener.ListenerSpec.Kind;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.RawMqttClient;
import io.herald.testkit.TestPki;
import java.io.UncheckedIOException;
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

/** The TLS listener with a server certificate only: TLS 1.2 and 1.3, Paho over ssl://, and what is not TLS. */
@Timeout(30)
class TlsListenerIT {

    private static final TestPki pki = TestPki.create(Path.of("target", "pki", "tls-listener"), "tls-listener");
    private static final TestPki stranger = TestPki.create(Path.of("target", "pki", "tls-stranger"), "tls-stranger");

    @RegisterExtension
    final LogCapture tlsLog = new LogCapture("io.herald.broker.listener.TlsHandshake");

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create(c -> c
            .listener(new ListenerSpec("tls", Kind.TLS, null, 0))
            .tls(pki.serverSettings())
            .tlsHandshakeTimeout(Duration.ofSeconds(1)));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void connect_overEachTlsVersion_isAccepted(String protocol) {
        try (RawMqttClient c = RawMqttClient.connectTls(herald.port("tls"), pki.clientContext(null).getSocketFactory(),
                protocol)) {
            assertThat(c.tlsProtocol()).isEqualTo(protocol);
            c.send(connect(MQTT_3_1_1, clientId("tls")).toBytes()).expectPacket(connack(false, 0));
        }
    }

    @Test
    void pahoOverSsl_publishesAndReceives() throws Exception {
        SSLContext trust = pki.clientContext(null);
        String t = topic("paho-ssl");
        BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        MqttClient sub = paho(trust);
        MqttClient pub = paho(trust);
        try {
            sub.subscribe(t, 1, (topic, m) -> inbox.add(new String(m.getPayload(), UTF_8)));
            pub.publish(t, "over tls".getBytes(UTF_8), 1, false);
            assertThat(inbox.poll(5, TimeUnit.SECONDS)).isEqualTo("over tls");
        } finally {
            close(pub);
            close(sub);
        }
    }

    @Test
    void clientNotTrustingTheServer_failsAndIsCounted() {
        long before = herald.broker().metrics().tlsRefusedCount("tls", "handshake");
        assertThatThrownBy(() -> RawMqttClient.connectTls(herald.port("tls"),
                stranger.clientContext(null).getSocketFactory()).close())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("PKIX");
        await().atMost(CLOSE).until(() -> herald.broker().metrics().tlsRefusedCount("tls", "handshake") > before);
    }

    @Test
    void plainMqttOnTheTlsPort_isClosedAndCounted() {
        long before = herald.broker().metrics().tlsRefusedCount("tls", "not_tls");
        try (RawMqttClient c = RawMqttClient.connect(herald.port("tls"))) {
            c.send(connect(MQTT_3_1_1, clientId("plain")).toBytes()).expectClosed(CLOSE);
        }
        await().atMost(CLOSE).until(() -> herald.broker().metrics().tlsRefusedCount("tls", "not_tls") > before);
    }

    @Test
    void manyGarbageConnections_countedEach_butLoggedAtInfoOnceAMinute() {
        long before = herald.broker().metrics().tlsRefusedCount("tls", "not_tls");
        for (int i = 0; i < 50; i++) {
            try (RawMqttClient c = RawMqttClient.connect(herald.port("tls"))) {
                c.sendHex("47 45 54 20 2f 20 48 54 54 50 2f 31 2e 31 0d 0a 0d 0a").expectClosed(CLOSE); // GET / HTTP/1.1
            }
        }
        await().atMost(CLOSE).until(() -> herald.broker().metrics().tlsRefusedCount("tls", "not_tls") >= before + 50);
        assertThat(tlsLog.lines().stream().filter(l -> l.startsWith("DEBUG") && l.contains("not a TLS connection")))
                .as("one debug line per connection").hasSize(50);
        assertThat(tlsLog.lines().stream().filter(l -> l.startsWith("INFO") && l.contains("not a TLS connection")))
                .hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void noHandshakeWithinTimeout_isClosedAndCounted() {
        long before = herald.broker().metrics().tlsRefusedCount("tls", "timeout");
        try (RawMqttClient c = RawMqttClient.connect(herald.port("tls"))) {
            c.expectClosed(Duration.ofSeconds(4));
        }
        await().atMost(CLOSE).until(() -> herald.broker().metrics().tlsRefusedCount("tls", "timeout") > before);
    }

    @Test
    void chainFile_isSentAfterTheServerCertificate() throws Exception {
        TlsSettings plain = pki.serverSettings();
        EmbeddedHerald chained = EmbeddedHerald.create(c -> c
                .listener(new ListenerSpec("tls", Kind.TLS, null, 0))
                .tls(new TlsSettings(plain.certFile(), plain.keyFile(), pki.caFile(), TlsSettings.ClientAuth.NONE,
                        null, null, Duration.ZERO)));
        chained.start();
        try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) pki.clientContext(null).getSocketFactory()
                .createSocket(java.net.InetAddress.getLoopbackAddress(), chained.port("tls"))) {
            s.startHandshake();
            assertThat(s.getSession().getPeerCertificates()).containsExactly(
                    pki.serverCertificate().certificate(), pki.caCertificate());
        } finally {
            chained.stop();
        }
    }

    private static MqttClient paho(SSLContext context) throws MqttException {
        MqttClient client = new MqttClient("ssl://127.0.0.1:" + herald.port("tls"), clientId("pssl"), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(context.getSocketFactory());
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
