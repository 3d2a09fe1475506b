package io.herald.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.testkit.TestPki;
import io.herald.testkit.TestPki.Issued;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code herald serve} with its TLS, WebSocket and WSS listeners, as a process: the development CA on
 * first start and its reuse, given certificates with client certificates and a CRL, reload on SIGHUP,
 * and flags that do not fit together.
 */
@Timeout(120)
class ServeListenersIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void serve_withoutCertificates_createsDevelopmentCaOnce_andServesTlsWsAndWss(@TempDir Path work) throws Exception {
        int mqtt = ServerProcess.freePort();
        int tls = ServerProcess.freePort();
        int ws = ServerProcess.freePort();
        int wss = ServerProcess.freePort();
        List<String> args = List.of("serve", "--storage", "memory", "--mqtt-port", String.valueOf(mqtt),
                "--tls-port", String.valueOf(tls), "--ws-port", String.valueOf(ws), "--wss-port", String.valueOf(wss));
        Path ca = work.resolve("data/tls/ca.pem").toAbsolutePath();
        byte[] firstCa;
        try (ServerProcess p = ServerProcess.start(work, args).awaitReady()) {
            assertThat(p.out()).contains("listening mqtt 127.0.0.1:" + mqtt, "listening tls 127.0.0.1:" + tls,
                    "listening ws 127.0.0.1:" + ws, "listening wss 127.0.0.1:" + wss, "tls: development CA at " + ca);
            firstCa = Files.readAllBytes(ca);
            roundTrip("ssl://127.0.0.1:" + tls, trusting(ca));
            roundTrip("ws://127.0.0.1:" + ws + "/mqtt", null);
            roundTrip("wss://127.0.0.1:" + wss + "/mqtt", trusting(ca));
        }
        try (ServerProcess p = ServerProcess.start(work, args).awaitReady()) {
            assertThat(p.out()).noneMatch(l -> l.startsWith("tls: development CA"));
            assertThat(Files.readAllBytes(ca)).isEqualTo(firstCa);
            roundTrip("ssl://127.0.0.1:" + tls, trusting(ca));
        }
    }

    @Test
    void serve_withClientCertificates_refusesRevokedOnes_andReloadsOnSighup(@TempDir Path work) throws Exception {
        TestPki pki = TestPki.create(work.resolve("pki"), "serve");
        Issued device = pki.client("dev-1");
        Issued revoked = pki.client("dev-revoked");
        Path crl = pki.crl(revoked);
        Path cert = Files.copy(pki.serverCertificate().certFile(), work.resolve("server.pem"));
        Path key = Files.copy(pki.serverCertificate().keyFile(), work.resolve("server-key.pem"));
        int tls = ServerProcess.freePort();
        try (ServerProcess p = ServerProcess.start(work, List.of("serve", "--storage", "memory", "--mqtt-port", "0",
                "--tls-port", String.valueOf(tls), "--tls-cert", cert.toString(), "--tls-key", key.toString(),
                "--tls-client-auth", "required", "--tls-client-ca", pki.caFile().toString(),
                "--tls-crl", crl.toString())).awaitReady()) {
            assertThat(p.out()).noneMatch(l -> l.startsWith("tls: development CA"));
            roundTrip("ssl://127.0.0.1:" + tls, pki.clientContext(device));
            assertThatThrownBy(() -> roundTrip("ssl://127.0.0.1:" + tls, pki.clientContext(revoked)))
                    .isInstanceOf(MqttException.class);
            Awaitility.await().atMost(WAIT).until(() -> p.err().stream().anyMatch(l -> l.contains(
                    "WARN  TlsHandshake - tls 127.0.0.1:") && l.contains("refused: client certificate revoked (CN=dev-revoked")));

            Issued next = pki.server("next");
            Files.copy(next.keyFile(), key, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(next.certFile(), cert, StandardCopyOption.REPLACE_EXISTING);
            new ProcessBuilder("kill", "-HUP", String.valueOf(p.process().pid())).start().waitFor();

            Awaitility.await().atMost(WAIT).until(() -> serverSerial(tls, pki.clientContext(device))
                    .equals(next.certificate().getSerialNumber()));
        }
    }

    @Test
    void serve_clientAuthWithoutClientCa_exitsWithUsageError(@TempDir Path work) throws Exception {
        assertUsageError(work, "herald: --tls-client-auth required needs --tls-client-ca",
                "--tls-client-auth", "required");
    }

    @Test
    void serve_certWithoutKey_exitsWithUsageError(@TempDir Path work) throws Exception {
        assertUsageError(work, "herald: --tls-cert and --tls-key go together", "--tls-cert", "server.pem");
    }

    @Test
    void serve_missingCertificateFile_exitsWithOneLineReason(@TempDir Path work) throws Exception {
        int tls = ServerProcess.freePort();
        try (ServerProcess p = ServerProcess.start(work, List.of("serve", "--storage", "memory", "--mqtt-port", "0",
                "--tls-port", String.valueOf(tls), "--tls-cert", "missing.pem", "--tls-key", "missing-key.pem"))) {
            assertThat(p.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(p.process().exitValue()).isEqualTo(1);
            Awaitility.await().atMost(WAIT).until(() -> p.err().contains("herald: missing.pem: no such file"));
        }
    }

    private static void assertUsageError(Path work, String message, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("serve", "--storage", "memory", "--mqtt-port", "0",
                "--tls-port", String.valueOf(ServerProcess.freePort())));
        args.addAll(List.of(flags));
        try (ServerProcess p = ServerProcess.start(work, args)) {
            assertThat(p.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(p.process().exitValue()).isEqualTo(2);
            Awaitility.await().atMost(WAIT).until(() -> p.err().stream().anyMatch(l -> l.startsWith(message)));
        }
    }

    /** Paho connects to {@code uri}, subscribes, publishes and receives its own message. */
    private static void roundTrip(String uri, SSLContext tls) throws Exception {
        MqttClient client = new MqttClient(uri, "it-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setConnectionTimeout(10);
        if (tls != null) {
            options.setSocketFactory(tls.getSocketFactory());
        }
        try {
            client.connect(options);
            BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
            client.subscribe("it/echo", 1, (t, m) -> inbox.add(new String(m.getPayload(), UTF_8)));
            client.publish("it/echo", uri.getBytes(UTF_8), 1, false);
            assertThat(inbox.poll(10, TimeUnit.SECONDS)).isEqualTo(uri);
            client.disconnect();
        } finally {
            client.close(true);
        }
    }

    /** A client context trusting the CA certificate in {@code caFile}. */
    private static SSLContext trusting(Path caFile) throws Exception {
        X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(caFile)));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static BigInteger serverSerial(int port, SSLContext context) throws IOException {
        try (SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            s.startHandshake();
            return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
        } catch (SSLException e) {
            return BigInteger.ZERO;
        }
    }
}
