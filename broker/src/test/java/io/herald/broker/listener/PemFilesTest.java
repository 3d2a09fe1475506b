package io.herald.broker.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {

    @TempDir
    Path dir;

    @Test
    void pkcs1RsaKey_isRead() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
            w.writeObject(pair); // "RSA PRIVATE KEY", as openssl genrsa -traditional writes it
        }
        Path file = Files.writeString(dir.resolve("rsa.pem"), pem.toString());
        assertThat(pem.toString()).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        assertThat(PemFiles.privateKey(file).getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
    }

    @Test
    void sec1EcKey_isRead() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        // "EC PRIVATE KEY" with the named curve inside, as openssl ecparam -genkey writes it
        byte[] sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, ((ECPrivateKey) pair.getPrivate()).getS(),
                new X962Parameters(SECObjectIdentifiers.secp256r1)).getEncoded();
        Path file = Files.writeString(dir.resolve("ec.pem"), "-----BEGIN EC PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(sec1) + "\n-----END EC PRIVATE KEY-----\n");

        assertThat(((ECPrivateKey) PemFiles.privateKey(file)).getS()).isEqualTo(((ECPrivateKey) pair.getPrivate()).getS());
    }

    @Test
    void certificatesWithTextAround_areRead_inFileOrder() throws Exception {
        DevCertificates.Bundle dev = DevCertificates.ensure(dir.resolve("dev"), List.of(), new ManualClock(Instant.now()));
        Path bundle = Files.writeString(dir.resolve("bundle.pem"), "subject=CN = localhost\n"
                + Files.readString(dev.serverCert()) + "Bag Attributes\n    friendlyName: ca\n" + Files.readString(dev.caCert()));

        assertThat(PemFiles.certificates(bundle)).extracting(Certificates::subject)
                .containsExactly("CN=localhost,O=Herald", Certificates.subject(PemFiles.certificates(dev.caCert()).getFirst()));
    }

    @Test
    void missingFile_namesIt() {
        assertThatThrownBy(() -> PemFiles.certificates(dir.resolve("nope.pem")))
                .isInstanceOf(TlsConfigException.class)
                .hasMessage(dir.resolve("nope.pem") + ": no such file");
    }

    @Test
    void fileWithoutKey_says_so() throws Exception {
        Path file = Files.writeString(dir.resolve("empty.pem"), "nothing here\n");
        assertThatThrownBy(() -> PemFiles.privateKey(file))
                .hasMessageContaining("no unencrypted PEM private key in it");
        assertThatThrownBy(() -> PemFiles.certificates(file))
                .hasMessageContaining("no PEM certificate");
    }
}
