package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.client.support.HeraldBroker;
import io.herald.client.support.MosquittoBroker;
import io.herald.client.support.Recorder;
import io.herald.client.support.TestCertificates;
import io.herald.client.support.WebSocketBridge;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS against Mosquitto's TLS listeners (CA only, and a client certificate required), and WebSocket
 * and secure WebSocket through a WebSocket bridge to Mosquitto and Herald.
 */
@Timeout(30)
class TransportIT {

    private static TestCertificates certs;
    private static MosquittoBroker tls;
    private static MosquittoBroker mutualTls;
    private static HeraldBroker herald;

    private final List<HeraldMqttClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        certs = TestCertificates.create("Herald Test CA");
        tls = MosquittoBroker.launch("allow_anonymous true\n", certs, false);
        mutualTls = MosquittoBroker.launch("allow_anonymous true\n", certs, true);
        herald = HeraldBroker.launch();
    }

    @AfterAll
    static void stop() {
        tls.close();
        mutualTls.close();
        herald.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(HeraldMqttClient::close);
    }

    @Test
    void mqtts_trustingTheCa_connectsAndDelivers() {
        roundTrip("mqtts://127.0.0.1:" + tls.tlsPort(), TlsConfig.DEFAULT.withCa(certs.ca().cert()));
    }

    @Test
    void mqtts_byHostName_verifiesTheNameInTheCertificate() {
        roundTrip("mqtts://localhost:" + tls.tlsPort(), TlsConfig.DEFAULT.withCa(certs.ca().cert()));
    }

    @Test
    void mqtts_withClientCertificate_isAcceptedWhereOneIsRequired() {
        roundTrip("mqtts://127.0.0.1:" + mutualTls.tlsPort(), TlsConfig.DEFAULT.withCa(certs.ca().cert())
                .withCert(certs.client().cert()).withKey(certs.client().key()));
    }

    @Test
    void mqtts_withoutClientCertificate_isRefusedWhereOneIsRequired() {
        assertConnectFails("mqtts://127.0.0.1:" + mutualTls.tlsPort(), TlsConfig.DEFAULT.withCa(certs.ca().cert()),
                ErrnoConnect.TLS_ERROR);
    }

    @Test
    void mqtts_withAnotherCa_failsWithTlsError() {
        TestCertificates other = TestCertificates.create("Some Other CA");
        MqttClientException e = assertConnectFails("mqtts://127.0.0.1:" + tls.tlsPort(),
                TlsConfig.DEFAULT.withCa(other.ca().cert()), ErrnoConnect.TLS_ERROR);
        assertThat(e.getMessage()).containsIgnoringCase("certif");
    }

    @Test
    void mqtts_withJdkTrustStoreOnly_refusesTheTestCa() {
        assertConnectFails("mqtts://127.0.0.1:" + tls.tlsPort(), TlsConfig.DEFAULT, ErrnoConnect.TLS_ERROR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a certificate", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"})
    void mqtts_withInvalidCaPem_failsWithTlsErrorSayingWhy(String pem) {
        MqttClientException e = assertConnectFails("mqtts://127.0.0.1:" + tls.tlsPort(),
                TlsConfig.DEFAULT.withCa(pem), ErrnoConnect.TLS_ERROR);
        assertThat(e.getMessage()).contains("ssl.ca");
    }

    @Test
    void mqtts_withCertificateButNoKey_connectsWithoutClientAuthentication() {
        // seed 001: without ssl.cert and ssl.key client authentication is disabled
        roundTrip("mqtts://127.0.0.1:" + tls.tlsPort(),
                TlsConfig.DEFAULT.withCa(certs.ca().cert()).withCert(certs.client().cert()));
        assertConnectFails("mqtts://127.0.0.1:" + mutualTls.tlsPort(),
                TlsConfig.DEFAULT.withCa(certs.ca().cert()).withCert(certs.client().cert()), ErrnoConnect.TLS_ERROR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"herald", "mosquitto"})
    void ws_throughAWebSocketServer_connectsAndDelivers(String name) {
        int target = name.equals("herald") ? herald.port() : tls.port();
        try (WebSocketBridge bridge = WebSocketBridge.to(target, null)) {
            for (ProtocolVersion v : ProtocolVersion.values()) {
                roundTrip("ws://127.0.0.1:" + bridge.port() + "/mqtt", TlsConfig.DEFAULT, v);
            }
        }
    }

    @Test
    void wss_throughASecureWebSocketServer_connectsAndDelivers() throws Exception {
        SslContext server = SslContextBuilder.forServer(stream(certs.server().cert()), stream(certs.server().key()))
                .build();
        try (WebSocketBridge bridge = WebSocketBridge.to(herald.port(), server)) {
            roundTrip("wss://127.0.0.1:" + bridge.port() + "/mqtt", TlsConfig.DEFAULT.withCa(certs.ca().cert()));
        }
    }

    @Test
    void ws_toAWrongPath_failsWithAClearError() {
        try (WebSocketBridge bridge = WebSocketBridge.to(herald.port(), null)) {
            MqttClientException e = assertConnectFails("ws://127.0.0.1:" + bridge.port() + "/other",
                    TlsConfig.DEFAULT, ErrnoConnect.CONNECTION_FAILED);
            assertThat(e.getMessage()).contains("WebSocket");
        }
    }

    private void roundTrip(String url, TlsConfig tlsConfig) {
        roundTrip(url, tlsConfig, ProtocolVersion.MQTT_3_1_1);
    }

    private void roundTrip(String url, TlsConfig tlsConfig, ProtocolVersion version) {
        Recorder inbox = new Recorder();
        HeraldMqttClient c = HeraldMqttClient.builder().serverUrl(url).tls(tlsConfig).protocolVersion(version)
                .listener(inbox).build();
        clients.add(c);
        c.blocking().connect();
        String topic = "transport/" + System.nanoTime();
        c.blocking().subscribe(topic, 1);
        c.blocking().publish(PublishMessage.of(topic, "over " + url).withQos(1));
        assertThat(inbox.next().payloadAsString()).isEqualTo("over " + url);
        c.blocking().disconnect();
    }

    private MqttClientException assertConnectFails(String url, TlsConfig tlsConfig, int errno) {
        HeraldMqttClient c = HeraldMqttClient.builder().serverUrl(url).tls(tlsConfig).build();
        clients.add(c);
        List<MqttClientException> seen = new ArrayList<>();
        assertThatThrownBy(() -> c.blocking().connect()).isInstanceOfSatisfying(MqttClientException.class, e -> {
            assertThat(e.code()).isEqualTo(MqttError.CONNECTION_FAILED);
            assertThat(e.errnoConnect()).as(e.getMessage()).isEqualTo(errno);
            seen.add(e);
        });
        assertThat(c.errnoConnect()).isEqualTo(errno);
        return seen.get(0);
    }

    private static ByteArrayInputStream stream(String pem) {
        return new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
