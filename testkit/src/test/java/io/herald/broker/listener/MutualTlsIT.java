package io.herald.broker.listener;

import static io.herald.broker.spec.SpecClients.CLOSE;
import static io.herald.broker.spec.SpecClients.clientId;
import static io.herald.testkit.MqttPackets.MQTT_3_1_1;
import static io.herald.testkit.MqttPackets.connack;
import static io.herald.testkit.MqttPackets.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.broker.auth.AuthResult;
import io.herald.broker.auth.Authenticator;
import io.herald.broker.auth.ClientCertificate;
import io.herald.broker.auth.ClientIdentity;
import io.herald.broker.auth.ConnectInfo;
import io.herald.broker.listener.ListenerSpec.Kind;
import io.herald.broker.listener.TlsSettings.ClientAuth;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.RawMqttClient;
import io.herald.testkit.TestPki;
import io.herald.testkit.TestPki.Issued;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Mutual TLS: a listener that requires client certificates and one where they are optional, with a
 * CRL. Valid certificates connect and their identity reaches the authenticator; expired, not yet
 * valid, untrusted, revoked and missing ones are refused with a warning naming the reason.
 */
@Timeout(30)
class MutualTlsIT {

    private static final TestPki pki = TestPki.create(Path.of("target", "pki", "mtls"), "mtls");
    private static final TestPki stranger = TestPki.create(Path.of("target", "pki", "mtls-stranger"), "mtls-stranger");
    private static final Issued device = pki.client("dev-1", "DNS:dev-1.devices.example", "URI:urn:herald:thing:dev-1");
    private static final Issued revoked = pki.client("dev-revoked");
    private static final Path crl = pki.crl(revoked);

    /** What the authenticator saw, by client id. */
    private static final Map<String, ConnectInfo> seen = new ConcurrentHashMap<>();

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create(c -> c
            .listener(new ListenerSpec("tls", Kind.TLS, null, 0))
            .listener(new ListenerSpec("wss", Kind.WSS, null, 0))
            .tls(pki.serverSettings().withClientAuth(ClientAuth.REQUIRED, pki.caFile(), crl)))
            .authenticator(recording());

    @RegisterExtension
    static final EmbeddedHerald optional = EmbeddedHerald.create(c -> c
            .listener(new ListenerSpec("tls-optional", Kind.TLS, null, 0))
            .tls(pki.serverSettings().withClientAuth(ClientAuth.OPTIONAL, pki.caFile(), crl)))
            .authenticator(recording());

    @RegisterExtension
    final LogCapture log = new LogCapture("io.herald.broker.listener");

    @Test
    void validCertificate_connects_andItsIdentityReachesTheAuthenticator() {
        String id = clientId("mtls");
        try (RawMqttClient c = tls(herald.port("tls"), pki.clientContext(device))) {
            c.send(connect(MQTT_3_1_1, id).toBytes()).expectPacket(connack(false, 0));
        }
        ClientCertificate cert = seen.get(id).clientCertificate();
        assertThat(cert.commonName()).isEqualTo("dev-1");
        assertThat(cert.subject()).isEqualTo("CN=dev-1,O=Herald tests");
        assertThat(cert.subjectAltNames()).extracting(Object::toString)
                .containsExactly("DNS:dev-1.devices.example", "URI:urn:herald:thing:dev-1");
        assertThat(cert.certificate().getSerialNumber()).isEqualTo(device.certificate().getSerialNumber());
    }

    @Test
    void expiredCertificate_isRefused_withAWarning() {
        Issued expired = pki.client("dev-expired", Instant.now().minus(Duration.ofDays(30)),
                Instant.now().minus(Duration.ofDays(1)));
        assertRefused(herald, "tls", pki.clientContext(expired), "expired");
        assertThat(log.lines()).anyMatch(l -> l.matches("WARN tls 127\\.0\\.0\\.1:\\d+ refused: client certificate expired "
                + "\\(CN=dev-expired,O=Herald tests, notAfter .*\\)"));
    }

    @Test
    void notYetValidCertificate_isRefused() {
        Issued early = pki.client("dev-early", Instant.now().plus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
        assertRefused(herald, "tls", pki.clientContext(early), "not_yet_valid");
        assertThat(log.lines()).anyMatch(l -> l.contains("refused: client certificate not yet valid (CN=dev-early"));
    }

    @Test
    void certificateOfAnotherCa_isRefused() {
        Issued foreign = stranger.client("dev-foreign");
        SSLContext context = pki.clientContext(foreign);
        assertRefused(herald, "tls", context, "untrusted");
        assertThat(log.lines()).anyMatch(l -> l.contains("refused: client certificate not trusted (CN=dev-foreign"));
    }

    @Test
    void revokedCertificate_isRefused() {
        assertRefused(herald, "tls", pki.clientContext(revoked), "revoked");
        assertThat(log.lines()).anyMatch(l -> l.contains("refused: client certificate revoked (CN=dev-revoked")
                && l.contains("serial " + revoked.certificate().getSerialNumber().toString(16)));
    }

    @Test
    void serverCertificateUsedByAClient_isRefused() {
        assertRefused(herald, "tls", pki.clientContext(pki.serverCertificate()), "wrong_usage");
        assertThat(log.lines()).anyMatch(l -> l.contains("refused: client certificate is not for client authentication"));
    }

    @Test
    void noCertificate_whereRequired_isRefused() {
        assertRefused(herald, "tls", pki.clientContext(null), "missing");
        assertThat(log.lines()).anyMatch(l -> l.contains("refused: no client certificate"));
    }

    @Test
    void noCertificate_whereOptional_connectsWithoutIdentity() {
        String id = clientId("anon");
        try (RawMqttClient c = tls(optional.port("tls-optional"), pki.clientContext(null))) {
            c.send(connect(MQTT_3_1_1, id).toBytes()).expectPacket(connack(false, 0));
        }
        assertThat(seen.get(id).clientCertificate()).isNull();
    }

    @Test
    void validCertificate_whereOptional_connectsWithIdentity() {
        String id = clientId("opt");
        try (RawMqttClient c = tls(optional.port("tls-optional"), pki.clientContext(device))) {
            c.send(connect(MQTT_3_1_1, id).toBytes()).expectPacket(connack(false, 0));
        }
        assertThat(seen.get(id).clientCertificate().commonName()).isEqualTo("dev-1");
    }

    @Test
    void revokedCertificate_whereOptional_isRefused() {
        assertRefused(optional, "tls-optional", pki.clientContext(revoked), "revoked");
    }

    @Test
    void revokedCertificate_overWss_isRefused() {
        assertRefused(herald, "wss", pki.clientContext(revoked), "revoked");
        assertThat(log.lines()).anyMatch(l -> l.startsWith("WARN wss 127.0.0.1:") && l.contains("revoked"));
    }

    /** The handshake fails (TLS 1.2) or the connection closes right after it (TLS 1.3); the refusal is counted. */
    private static void assertRefused(EmbeddedHerald broker, String listener, SSLContext context, String reason) {
        long before = broker.broker().metrics().tlsRefusedCount(listener, reason);
        try (RawMqttClient c = tls(broker.port(listener), context)) {
            c.send(connect(MQTT_3_1_1, clientId("refused")).toBytes()).expectClosed(CLOSE);
        } catch (UncheckedIOException handshakeFailed) {
            // refused during the handshake, as TLS 1.2 does
        }
        await().atMost(CLOSE).until(() -> broker.broker().metrics().tlsRefusedCount(listener, reason) > before);
    }

    private static RawMqttClient tls(int port, SSLContext context) {
        return RawMqttClient.connectTls(port, context.getSocketFactory());
    }

    private static Authenticator recording() {
        return info -> {
            seen.put(info.clientId(), info);
            return CompletableFuture.completedFuture(AuthResult.accept(new ClientIdentity(info.clientId(), info.username())));
        };
    }
}
