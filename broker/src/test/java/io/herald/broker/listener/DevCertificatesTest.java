package io.herald.broker.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevCertificatesTest {

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.now());

    @Test
    void firstUse_createsCaAndServerCertificateForLoopback() throws Exception {
        DevCertificates.Bundle files = DevCertificates.ensure(dir, List.of("127.0.0.1"), clock);

        assertThat(files.created()).isTrue();
        X509Certificate ca = PemFiles.certificates(files.caCert()).getFirst();
        X509Certificate server = PemFiles.certificates(files.serverCert()).getFirst();
        server.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(sans(server)).contains("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(Certificates.isPair(PemFiles.privateKey(files.serverKey()), server)).isTrue();
        assertThat(Files.getPosixFilePermissions(files.serverKey())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(files.caKey())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void laterUse_reusesTheFiles() throws Exception {
        DevCertificates.Bundle first = DevCertificates.ensure(dir, List.of("127.0.0.1"), clock);
        byte[] ca = Files.readAllBytes(first.caCert());
        byte[] server = Files.readAllBytes(first.serverCert());

        DevCertificates.Bundle again = DevCertificates.ensure(dir, List.of("127.0.0.1"), clock);

        assertThat(again.created()).isFalse();
        assertThat(Files.readAllBytes(again.caCert())).isEqualTo(ca);
        assertThat(Files.readAllBytes(again.serverCert())).isEqualTo(server);
    }

    @Test
    void newHost_reissuesTheServerCertificate_withTheSameCa() throws Exception {
        DevCertificates.Bundle first = DevCertificates.ensure(dir, List.of("127.0.0.1"), clock);
        byte[] ca = Files.readAllBytes(first.caCert());

        DevCertificates.Bundle again = DevCertificates.ensure(dir, List.of("192.0.2.7", "broker.example"), clock);

        assertThat(again.created()).isFalse();
        assertThat(Files.readAllBytes(again.caCert())).isEqualTo(ca);
        X509Certificate server = PemFiles.certificates(again.serverCert()).getFirst();
        assertThat(sans(server)).contains("192.0.2.7", "broker.example", "localhost");
        server.verify(PemFiles.certificates(again.caCert()).getFirst().getPublicKey());
    }

    @Test
    void wildcardBind_addsNoName() throws Exception {
        DevCertificates.Bundle files = DevCertificates.ensure(dir, List.of("0.0.0.0", "::"), clock);
        assertThat(sans(PemFiles.certificates(files.serverCert()).getFirst()))
                .containsExactly("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
    }

    @Test
    void serverCertificateNearItsEnd_isReissued() throws Exception {
        DevCertificates.Bundle first = DevCertificates.ensure(dir, List.of(), clock);
        X509Certificate old = PemFiles.certificates(first.serverCert()).getFirst();

        clock.advance(Duration.ofDays(800));
        DevCertificates.Bundle again = DevCertificates.ensure(dir, List.of(), clock);

        X509Certificate renewed = PemFiles.certificates(again.serverCert()).getFirst();
        assertThat(renewed.getSerialNumber()).isNotEqualTo(old.getSerialNumber());
        assertThat(renewed.getNotAfter()).isAfter(old.getNotAfter());
    }

    private static List<String> sans(X509Certificate c) throws Exception {
        List<String> names = new ArrayList<>();
        for (List<?> san : c.getSubjectAlternativeNames()) {
            names.add(String.valueOf(san.get(1)));
        }
        return names;
    }
}
