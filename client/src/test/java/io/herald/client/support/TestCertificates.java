package io.herald.client.support;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test PKI made fresh for each use: a CA, a server certificate for 127.0.0.1 and localhost, and a
 * client certificate, all EC P-256, as PEM strings (keys PKCS#8). Immutable.
 */
public final class TestCertificates {

    /** A certificate and its private key, PEM encoded. */
    public record Pem(String cert, String key) {}

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final Pem ca;
    private final Pem server;
    private final Pem client;

    private TestCertificates(Pem ca, Pem server, Pem client) {
        this.ca = ca;
        this.server = server;
        this.client = client;
    }

    /** A new CA with a server and a client certificate it signed. */
    public static TestCertificates create(String caName) {
        try {
            KeyPair caKeys = keys();
            X500Name caSubject = new X500Name("CN=" + caName);
            X509v3CertificateBuilder caB = builder(caSubject, caSubject, caKeys);
            caB.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            caB.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate caCert = sign(caB, caKeys.getPrivate());

            KeyPair serverKeys = keys();
            X509v3CertificateBuilder sB = builder(caSubject, new X500Name("CN=localhost"), serverKeys);
            sB.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
            sB.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509Certificate serverCert = sign(sB, caKeys.getPrivate());

            KeyPair clientKeys = keys();
            X509v3CertificateBuilder cB = builder(caSubject, new X500Name("CN=device01"), clientKeys);
            cB.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            X509Certificate clientCert = sign(cB, caKeys.getPrivate());

            return new TestCertificates(new Pem(pem(caCert), pem(caKeys.getPrivate())),
                    new Pem(pem(serverCert), pem(serverKeys.getPrivate())),
                    new Pem(pem(clientCert), pem(clientKeys.getPrivate())));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make test certificates", e);
        }
    }

    public Pem ca() {
        return ca;
    }

    public Pem server() {
        return server;
    }

    public Pem client() {
        return client;
    }

    /** Writes ca.pem, server.pem, server.key into {@code dir}, for a broker's configuration. */
    public void writeServerFiles(Path dir) {
        try {
            Files.writeString(dir.resolve("ca.pem"), ca.cert());
            Files.writeString(dir.resolve("server.pem"), server.cert());
            Files.writeString(dir.resolve("server.key"), server.key());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair keys() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }

    private static String pem(Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o instanceof PrivateKey k ? new JcaPKCS8Generator(k, null) : o);
        }
        return out.toString();
    }
}
