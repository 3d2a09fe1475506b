package io.herald.broker.listener;

import static io.herald.broker.spec.SpecClients.clientId;
import static io.herald.broker.spec.SpecClients.topic;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.broker.listener.ListenerSpec.Kind;
import io.herald.broker.listener.TlsSettings.ClientAuth;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.TestPki;
import io.herald.testkit.TestPki.Issued;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Debian's {@code mosquitto_pub} and {@code mosquitto_sub} over TLS: with {@code --cafile} against a
 * server certificate, and with {@code --cert}/{@code --key} against a listener that requires client
 * certificates, where expired, untrusted and revoked ones fail with a non-zero exit code, a warning
 * and a metric.
 */
@Timeout(60)
class MosquittoTlsIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final TestPki pki = TestPki.create(Path.of("target", "pki", "mosquitto"), "mosquitto");
    private static final TestPki stranger = TestPki.create(Path.of("target", "pki", "mosquitto-stranger"), "mosquitto-stranger");
    private static final Issued device = pki.client("mosquitto-device");
    private static final Issued revoked = pki.client("mosquitto-revoked");
    private static final Path crl = pki.crl(revoked);

    @RegisterExtension
    static final EmbeddedHerald server = EmbeddedHerald.create(c -> c
            .listener(new ListenerSpec("tls", Kind.TLS, null, 0))
            .tls(pki.serverSettings()));

    @RegisterExtension
    static final EmbeddedHerald mutual = EmbeddedHerald.create(c -> c
            .listener(new ListenerSpec("mtls", Kind.TLS, null, 0))
            .tls(pki.serverSettings().withClientAuth(ClientAuth.REQUIRED, pki.caFile(), crl)));

    @RegisterExtension
    final LogCapture log = new LogCapture("io.herald.broker.listener");

    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void clientsInstalled() {
        for (String tool : List.of("/usr/bin/mosquitto_pub", "/usr/bin/mosquitto_sub")) {
            if (!Files.isExecutable(Path.of(tool))) {
                throw new IllegalStateException(tool + " is missing: apt-get install -y mosquitto-clients "
                        + "(./herald test installs it when run as root)");
            }
        }
    }

    @AfterEach
    void stopProcesses() {
        processes.forEach(Process::destroyForcibly);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tlsv1.2", "tlsv1.3"})
    void cafile_pubReachesSub(String tlsVersion) throws Exception {
        String t = topic("mosq-tls");
        List<String> tls = List.of("--cafile", pki.caFile().toString(), "--tls-version", tlsVersion);
        Output sub = start(server.port("tls"), tls, "mosquitto_sub", "-t", t, "-C", "1");
        sub.awaitLine("received SUBACK");

        Process pub = start(server.port("tls"), tls, "mosquitto_pub", "-t", t, "-m", "hello over " + tlsVersion).process;

        assertThat(exitCode(pub)).as("mosquitto_pub exit code").isZero();
        sub.awaitLine("hello over " + tlsVersion);
        assertThat(exitCode(sub.process)).as("mosquitto_sub exit code").isZero();
    }

    @Test
    void clientCertificate_pubReachesSub() throws Exception {
        String t = topic("mosq-mtls");
        Output sub = start(mutual.port("mtls"), withCert(device), "mosquitto_sub", "-t", t, "-C", "1");
        sub.awaitLine("received SUBACK");

        Process pub = start(mutual.port("mtls"), withCert(device), "mosquitto_pub", "-t", t, "-m", "from a device").process;

        assertThat(exitCode(pub)).as("mosquitto_pub exit code").isZero();
        sub.awaitLine("from a device");
    }

    @Test
    void expiredCertificate_isRefused() throws Exception {
        Issued expired = pki.client("mosquitto-expired", Instant.now().minus(Duration.ofDays(30)),
                Instant.now().minus(Duration.ofDays(1)));
        assertRefused(withCert(expired), "expired", "client certificate expired (CN=mosquitto-expired");
    }

    @Test
    void certificateOfAnotherCa_isRefused() throws Exception {
        assertRefused(withCert(stranger.client("mosquitto-foreign")), "untrusted",
                "client certificate not trusted (CN=mosquitto-foreign");
    }

    @Test
    void revokedCertificate_isRefused() throws Exception {
        assertRefused(withCert(revoked), "revoked", "client certificate revoked (CN=mosquitto-revoked");
    }

    @Test
    void noCertificate_isRefused() throws Exception {
        assertRefused(List.of("--cafile", pki.caFile().toString()), "missing", "no client certificate");
    }

    private void assertRefused(List<String> tls, String reason, String logged) throws Exception {
        long before = mutual.broker().metrics().tlsRefusedCount("mtls", reason);
        Output pub = start(mutual.port("mtls"), tls, "mosquitto_pub", "-t", topic("refused"), "-m", "nope");

        assertThat(exitCode(pub.process)).as("mosquitto_pub exit code; output " + pub.lines).isNotZero();
        await().atMost(WAIT).until(() -> mutual.broker().metrics().tlsRefusedCount("mtls", reason) > before);
        assertThat(log.lines()).anyMatch(l -> l.startsWith("WARN mtls 127.0.0.1:") && l.contains(logged));
    }

    private static List<String> withCert(Issued client) {
        return List.of("--cafile", pki.caFile().toString(), "--cert", client.certFile().toString(),
                "--key", client.keyFile().toString());
    }

    /** Runs a mosquitto client with debug output, line-buffered, against 127.0.0.1:{@code port}. */
    private Output start(int port, List<String> tls, String tool, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("stdbuf", "-oL", tool, "-d", "-i", clientId("mtls"),
                "-h", "127.0.0.1", "-p", String.valueOf(port)));
        command.addAll(tls);
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        processes.add(p);
        Output out = new Output(p);
        Thread.ofVirtual().start(out::read);
        return out;
    }

    private static int exitCode(Process p) throws InterruptedException {
        assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("process exited").isTrue();
        return p.exitValue();
    }

    /** A running client and the lines it printed so far. */
    private static final class Output {
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();

        Output(Process process) {
            this.process = process;
        }

        void read() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("output lost: " + e);
            }
        }

        void awaitLine(String containing) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(lines).anyMatch(l -> l.contains(containing)));
        }
    }
}
