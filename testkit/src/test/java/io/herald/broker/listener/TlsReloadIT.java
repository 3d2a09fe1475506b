package io.herald.broker.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.broker.listener.ListenerSpec.Kind;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.TestPki;
import io.herald.testkit.TestPki.Issued;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Certificates are reloaded without a restart: when their files change, and on request (what SIGHUP does). */
@Timeout(30)
class TlsReloadIT {

    private static final TestPki pki = TestPki.create(Path.of("target", "pki", "reload"), "reload");

    @RegisterExtension
    final LogCapture log = new LogCapture("io.herald.broker.listener");

    @Test
    void changedFiles_areUsedForNewConnections() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "pki", "reload-watch"));
        install(pki.server("first"), dir);
        EmbeddedHerald herald = started(dir, Duration.ofMillis(200));
        try {
            Issued second = pki.server("second");
            assertThat(serverSerial(herald)).isNotEqualTo(second.certificate().getSerialNumber());

            install(second, dir);

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> serverSerial(herald).equals(second.certificate().getSerialNumber()));
        } finally {
            herald.stop();
        }
    }

    @Test
    void brokenFiles_keepTheCurrentCertificate_andSayWhy() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "pki", "reload-broken"));
        Issued first = pki.server("kept");
        install(first, dir);
        EmbeddedHerald herald = started(dir, Duration.ofMillis(200));
        try {
            Files.copy(pki.server("other").keyFile(), dir.resolve("server-key.pem"), StandardCopyOption.REPLACE_EXISTING);

            await().atMost(Duration.ofSeconds(10)).until(() -> log.lines().stream().anyMatch(l -> l.startsWith(
                    "WARN tls: certificates not reloaded, the previous ones stay in use: ")
                    && l.contains("not the private key of the certificate")));
            assertThat(serverSerial(herald)).isEqualTo(first.certificate().getSerialNumber());
        } finally {
            herald.stop();
        }
    }

    @Test
    void reloadTls_usesChangedFiles_evenWithoutWatching() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "pki", "reload-signal"));
        install(pki.server("before-hup"), dir);
        EmbeddedHerald herald = started(dir, Duration.ZERO);
        try {
            Issued next = pki.server("after-hup");
            install(next, dir);
            assertThat(serverSerial(herald)).isNotEqualTo(next.certificate().getSerialNumber());

            assertThat(herald.broker().reloadTls()).isTrue();

            assertThat(serverSerial(herald)).isEqualTo(next.certificate().getSerialNumber());
        } finally {
            herald.stop();
        }
    }

    private static EmbeddedHerald started(Path dir, Duration reloadInterval) {
        EmbeddedHerald herald = EmbeddedHerald.create(c -> c
                .listener(new ListenerSpec("tls", Kind.TLS, null, 0))
                .tls(TlsSettings.of(dir.resolve("server.pem"), dir.resolve("server-key.pem"))
                        .withReloadInterval(reloadInterval)));
        herald.start();
        return herald;
    }

    /** Puts {@code cert} where the broker reads it, each file replaced in one step, key first. */
    private static void install(Issued cert, Path dir) throws IOException {
        replace(cert.keyFile(), dir.resolve("server-key.pem"));
        replace(cert.certFile(), dir.resolve("server.pem"));
    }

    private static void replace(Path from, Path to) throws IOException {
        Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
        Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The serial number of the certificate the TLS listener presents to a new connection. */
    private static BigInteger serverSerial(EmbeddedHerald herald) throws IOException {
        try (SSLSocket s = (SSLSocket) pki.clientContext(null).getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), herald.port("tls"))) {
            s.startHandshake();
            return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }
}
