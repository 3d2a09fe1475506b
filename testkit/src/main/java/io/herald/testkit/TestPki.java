package io.herald.testkit;

import io.herald.broker.listener.TlsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.net.Socket;
import java.security.Principal;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI in a directory, for TLS tests: a CA, a server certificate for
 * {@code localhost}/{@code 127.0.0.1}/{@code ::1}, client certificates (valid, expired, not yet valid,
 * for a given CN and SANs) and CRLs, all as PEM files that both the broker and command-line clients
 * read, plus {@link SSLContext}s for Java clients. Not thread-safe: one test thread.
 */
public final class TestPki {

    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    private final Path dir;
    private final String name;
    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final Path caFile;
    private Issued server;

    /** A certificate and its key, in memory and as PEM files. */
    public record Issued(String commonName, X509Certificate certificate, PrivateKey key, Path certFile, Path keyFile) {}

    private TestPki(Path dir, String name, KeyPair caKeys, X509Certificate ca, Path caFile) {
        this.dir = dir;
        this.name = name;
        this.caKeys = caKeys;
        this.ca = ca;
        this.caFile = caFile;
    }

    /** A new CA called {@code name} whose files go into {@code dir}, with a server certificate. */
    public static TestPki create(Path dir, String name) {
        try {
            Files.createDirectories(dir);
            KeyPair keys = keyPair();
            X500Principal subject = new X500Principal("CN=" + name + ",O=Herald tests");
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), subject,
                    keys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate ca = sign(b, keys.getPrivate());
            Path caFile = dir.resolve(name + "-ca.pem");
            Files.writeString(caFile, pem("CERTIFICATE", ca.getEncoded()));
            TestPki pki = new TestPki(dir, name, keys, ca, caFile);
            pki.server = pki.server("server");
            return pki;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path caFile() {
        return caFile;
    }

    public X509Certificate caCertificate() {
        return ca;
    }

    /** The server certificate {@link #serverSettings()} uses. */
    public Issued serverCertificate() {
        return server;
    }

    /** Server certificate and key, no client certificates, files not watched. */
    public TlsSettings serverSettings() {
        return TlsSettings.of(server.certFile(), server.keyFile()).withReloadInterval(Duration.ZERO);
    }

    /** Another server certificate of this CA for {@code localhost}/{@code 127.0.0.1}/{@code ::1}, in files named after {@code fileName}. */
    public Issued server(String fileName) {
        try {
            return issue("localhost", Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)),
                    KeyPurposeId.id_kp_serverAuth, List.of("DNS:localhost", "IP:127.0.0.1", "IP:::1"), fileName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client certificate valid from yesterday for a month, with the given SANs ({@code DNS:x}, {@code URI:y}, {@code IP:z}). */
    public Issued client(String commonName, String... subjectAltNames) {
        return client(commonName, Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)),
                subjectAltNames);
    }

    /** A client certificate valid between {@code notBefore} and {@code notAfter}. */
    public Issued client(String commonName, Instant notBefore, Instant notAfter, String... subjectAltNames) {
        try {
            return issue(commonName, notBefore, notAfter, KeyPurposeId.id_kp_clientAuth, List.of(subjectAltNames),
                    "client-" + commonName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a CRL of this CA revoking {@code revoked}, valid for a day; returns its file. */
    public Path crl(Issued... revoked) {
        try {
            Instant now = Instant.now();
            X509v2CRLBuilder b = new JcaX509v2CRLBuilder(ca, Date.from(now.minus(Duration.ofMinutes(1))));
            b.setNextUpdate(Date.from(now.plus(Duration.ofDays(1))));
            for (Issued i : revoked) {
                b.addCRLEntry(i.certificate().getSerialNumber(), Date.from(now.minus(Duration.ofMinutes(1))),
                        CRLReason.keyCompromise);
            }
            var crl = new JcaX509CRLConverter().getCRL(b.build(new JcaContentSignerBuilder("SHA256withECDSA")
                    .build(caKeys.getPrivate())));
            Path file = dir.resolve(name + "-crl.pem");
            Files.writeString(file, pem("X509 CRL", crl.getEncoded()));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A client TLS context that trusts this CA and, unless {@code client} is null, presents {@code client}
     * whatever the server asks for: expired certificates and those of another CA too, so tests can see
     * the server refuse them.
     */
    public SSLContext clientContext(Issued client) {
        return clientContext(client, "TLS");
    }

    /** As {@link #clientContext(Issued)}, for a protocol such as {@code TLSv1.2} or {@code TLSv1.3}. */
    public SSLContext clientContext(Issued client, String protocol) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance(protocol);
            context.init(client == null ? null : new KeyManager[] {new Presenting(client)}, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Presents one certificate to every server, whichever CAs it names. Immutable. */
    private static final class Presenting extends X509ExtendedKeyManager {
        private final Issued issued;

        Presenting(Issued issued) {
            this.issued = issued;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return "client";
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "client";
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"client"};
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return new X509Certificate[] {issued.certificate()};
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return issued.key();
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[0];
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }

    private Issued issue(String commonName, Instant notBefore, Instant notAfter, KeyPurposeId usage,
            List<String> subjectAltNames, String fileName)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        KeyPair keys = keyPair();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, serial(), Date.from(notBefore),
                Date.from(notAfter), new X500Principal("CN=" + commonName + ",O=Herald tests"), keys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usage));
        if (!subjectAltNames.isEmpty()) {
            List<GeneralName> names = new ArrayList<>();
            for (String san : subjectAltNames) {
                String value = san.substring(san.indexOf(':') + 1);
                names.add(switch (san.substring(0, san.indexOf(':'))) {
                    case "DNS" -> new GeneralName(GeneralName.dNSName, value);
                    case "IP" -> new GeneralName(GeneralName.iPAddress, value);
                    case "URI" -> new GeneralName(GeneralName.uniformResourceIdentifier, value);
                    case "email" -> new GeneralName(GeneralName.rfc822Name, value);
                    default -> throw new IllegalArgumentException("unknown SAN type: " + san);
                });
            }
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
        }
        X509Certificate cert = sign(b, caKeys.getPrivate());
        Path certFile = dir.resolve(name + "-" + fileName + ".pem");
        Path keyFile = dir.resolve(name + "-" + fileName + "-key.pem");
        Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(keyFile, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        return new Issued(commonName, cert, keys.getPrivate(), certFile, keyFile);
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIALS.incrementAndGet());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
