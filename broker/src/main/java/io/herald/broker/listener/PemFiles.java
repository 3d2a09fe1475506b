package io.herald.broker.listener;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads certificates, private keys and CRLs from PEM files (as OpenSSL writes them, text around the
 * blocks allowed). Failures are {@link TlsConfigException}s naming the file. Stateless.
 */
final class PemFiles {

    private PemFiles() {}

    /** The file's bytes, for change detection; a missing file is an error naming it. */
    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new TlsConfigException(file + ": no such file");
        } catch (IOException e) {
            throw new TlsConfigException(file + ": cannot read it: " + e.getMessage());
        }
    }

    /** Every certificate in the file, in file order; at least one. */
    static List<X509Certificate> certificates(Path file) {
        List<X509Certificate> certs = new ArrayList<>();
        for (Object o : objects(file)) {
            if (o instanceof X509CertificateHolder h) {
                certs.add(toCertificate(file, h));
            }
        }
        if (certs.isEmpty()) {
            throw new TlsConfigException(file + ": no PEM certificate (-----BEGIN CERTIFICATE-----) in it");
        }
        return certs;
    }

    /** The single private key in the file. */
    static PrivateKey privateKey(Path file) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        List<PrivateKey> keys = new ArrayList<>();
        try {
            for (Object o : objects(file)) {
                if (o instanceof PEMKeyPair pair) {
                    keys.add(converter.getPrivateKey(pair.getPrivateKeyInfo()));
                } else if (o instanceof PrivateKeyInfo info) {
                    keys.add(converter.getPrivateKey(info));
                }
            }
        } catch (IOException e) {
            throw new TlsConfigException(file + ": unusable private key: " + e.getMessage());
        }
        if (keys.size() != 1) {
            throw new TlsConfigException(file + (keys.isEmpty()
                    ? ": no unencrypted PEM private key in it (encrypted keys are not supported)"
                    : ": more than one private key in it"));
        }
        return keys.getFirst();
    }

    /** The CRLs in the file: PEM blocks, or one DER-encoded CRL. */
    static List<X509CRL> crls(Path file) {
        byte[] bytes = read(file);
        List<X509CRL> crls = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            if (!new String(bytes, StandardCharsets.ISO_8859_1).contains("-----BEGIN")) {
                crls.add((X509CRL) factory.generateCRL(new ByteArrayInputStream(bytes)));
                return crls;
            }
            for (Object o : objects(file)) {
                if (o instanceof X509CRLHolder h) {
                    crls.add((X509CRL) factory.generateCRL(new ByteArrayInputStream(h.getEncoded())));
                }
            }
        } catch (CertificateException | CRLException | IOException e) {
            throw new TlsConfigException(file + ": not a CRL: " + e.getMessage());
        }
        if (crls.isEmpty()) {
            throw new TlsConfigException(file + ": no CRL (-----BEGIN X509 CRL-----) in it");
        }
        return crls;
    }

    private static List<Object> objects(Path file) {
        String text = new String(read(file), StandardCharsets.US_ASCII);
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            Object o;
            while ((o = parser.readObject()) != null) {
                objects.add(o);
            }
        } catch (IOException | RuntimeException e) {
            throw new TlsConfigException(file + ": not valid PEM: " + e.getMessage());
        }
        return objects;
    }

    private static X509Certificate toCertificate(Path file, X509CertificateHolder holder) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsConfigException(file + ": unusable certificate: " + e.getMessage());
        }
    }
}
