package io.herald.broker.listener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A development CA and a server certificate it signs, kept in a directory (normally
 * {@code <data-dir>/tls}) so that TLS works out of the box: created on first use, reused afterwards.
 * The server certificate covers {@code localhost}, {@code 127.0.0.1}, {@code ::1} and the hosts the
 * listeners bind; when a new host appears it is re-issued by the same CA, so clients that trust
 * {@code ca.pem} keep working. Keys are EC P-256, private files readable by the owner only.
 *
 * <p>Threads: stateless; callers must not run two for one directory at once.
 */
public final class DevCertificates {

    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration SERVER_VALIDITY = Duration.ofDays(825);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);

    /**
     * The files of a development CA and server certificate.
     *
     * @param created whether the CA was created just now (first start)
     */
    public record Bundle(Path caCert, Path caKey, Path serverCert, Path serverKey, boolean created) {}

    private DevCertificates() {}

    /**
     * The development CA and server certificate in {@code dir}, creating what is missing, and re-issuing
     * the server certificate when it does not cover {@code hosts} or is about to expire.
     *
     * @param hosts names and addresses the server certificate must cover besides the loopback ones;
     *     wildcard addresses (0.0.0.0, ::) are skipped
     * @throws UncheckedIOException when the directory cannot be written
     * @throws TlsConfigException when existing files there cannot be used
     */
    public static Bundle ensure(Path dir, Collection<String> hosts, Clock clock) {
        Path caCert = dir.resolve("ca.pem");
        Path caKey = dir.resolve("ca-key.pem");
        Path serverCert = dir.resolve("server.pem");
        Path serverKey = dir.resolve("server-key.pem");
        Set<String> names = names(hosts);
        try {
            Files.createDirectories(dir);
            boolean created = !Files.exists(caCert) || !Files.exists(caKey);
            if (created) {
                KeyPair ca = newKeyPair();
                write(caKey, pem("PRIVATE KEY", ca.getPrivate().getEncoded()), true);
                write(caCert, pem("CERTIFICATE", caCertificate(ca, clock).getEncoded()), false);
            }
            if (created || !covers(serverCert, names, clock)) {
                X509Certificate ca = PemFiles.certificates(caCert).getFirst();
                PrivateKey key = PemFiles.privateKey(caKey);
                KeyPair server = newKeyPair();
                write(serverKey, pem("PRIVATE KEY", server.getPrivate().getEncoded()), true);
                write(serverCert, pem("CERTIFICATE", serverCertificate(server, ca, key, names, clock).getEncoded()),
                        false);
            }
            return new Bundle(caCert, caKey, serverCert, serverKey, created);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the development certificates to " + dir + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create development certificates: " + e.getMessage(), e);
        }
    }

    private static Set<String> names(Collection<String> hosts) {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        for (String h : hosts) {
            if (h != null && !h.isBlank() && !h.equals("0.0.0.0") && !h.equals("::") && !h.equals("[::]")) {
                names.add(h);
            }
        }
        return names;
    }

    /** Whether the server certificate exists, names every host and stays valid for a while yet. */
    private static boolean covers(Path serverCert, Set<String> names, Clock clock) {
        if (!Files.exists(serverCert)) {
            return false;
        }
        X509Certificate cert = PemFiles.certificates(serverCert).getFirst();
        if (cert.getNotAfter().toInstant().isBefore(clock.instant().plus(RENEW_BEFORE))) {
            return false;
        }
        Set<String> covered = new LinkedHashSet<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    covered.add(normalize(String.valueOf(san.get(1))));
                }
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        return names.stream().map(DevCertificates::normalize).allMatch(covered::contains);
    }

    /** Addresses in one canonical form (the JDK writes {@code 0:0:0:0:0:0:0:1} for {@code ::1}). */
    private static String normalize(String name) {
        if (isAddress(name)) {
            try {
                return InetAddress.getByName(name).getHostAddress();
            } catch (UnknownHostException e) {
                return name;
            }
        }
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    private static boolean isAddress(String name) {
        return name.contains(":") || name.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate caCertificate(KeyPair ca, Clock clock)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = clock.instant();
        X500Name name = new X500Name("CN=Herald development CA " + now.getEpochSecond() + ",O=Herald");
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(CA_VALIDITY)), name, ca.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(ca.getPublic()));
        return sign(b, ca.getPrivate());
    }

    private static X509Certificate serverCertificate(KeyPair server, X509Certificate ca, PrivateKey caKey,
            Set<String> names, Clock clock) throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = clock.instant();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(SERVER_VALIDITY)),
                new javax.security.auth.x500.X500Principal("CN=localhost,O=Herald"), server.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        List<GeneralName> sans = new ArrayList<>();
        for (String n : names) {
            sans.add(new GeneralName(isAddress(n) ? GeneralName.iPAddress : GeneralName.dNSName, n));
        }
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(server.getPublic()));
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
        return sign(b, caKey);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }

    private static BigInteger serial() {
        return new BigInteger(127, new SecureRandom());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Writes through a temporary file and a rename, so a reader never sees half a file. */
    private static void write(Path file, String text, boolean secret) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.US_ASCII);
        if (secret && tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
