package io.herald.broker.listener;

import io.herald.broker.auth.ClientCertificate;
import io.herald.broker.auth.ClientCertificate.AltName;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/** What the listeners read out of X.509 certificates: names for log lines and the client identity. Stateless. */
final class Certificates {

    private Certificates() {}

    /** The subject in RFC 2253 form, e.g. {@code CN=dev-1,O=Acme}. */
    static String subject(X509Certificate c) {
        return c.getSubjectX500Principal().getName(X500Principal.RFC2253);
    }

    /** The identity of a verified client certificate chain (the client's own certificate first). */
    static ClientCertificate identity(List<X509Certificate> chain) {
        X509Certificate leaf = chain.getFirst();
        return new ClientCertificate(subject(leaf), commonName(leaf), altNames(leaf), chain);
    }

    static String commonName(X509Certificate c) {
        try {
            LdapName name = new LdapName(subject(c));
            for (int i = name.size() - 1; i >= 0; i--) {
                Rdn rdn = name.getRdns().get(i);
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
            return null;
        } catch (InvalidNameException e) {
            return null;
        }
    }

    private static List<AltName> altNames(X509Certificate c) {
        List<AltName> names = new ArrayList<>();
        Collection<List<?>> sans;
        try {
            sans = c.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return names;
        }
        if (sans == null) {
            return names;
        }
        for (List<?> san : sans) {
            int type = (Integer) san.get(0);
            Object value = san.get(1);
            String typeName = switch (type) {
                case 1 -> "email";
                case 2 -> "DNS";
                case 6 -> "URI";
                case 7 -> "IP";
                default -> String.valueOf(type);
            };
            names.add(new AltName(typeName, value instanceof String s ? s : java.util.HexFormat.of().formatHex((byte[]) value)));
        }
        return names;
    }

    /**
     * Whether {@code key} is the private half of {@code certificate}'s public key: signs a probe and
     * verifies it. A key type without a known signature scheme is assumed to match.
     */
    static boolean isPair(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null;
        };
        if (algorithm == null) {
            return true;
        }
        try {
            byte[] probe = "herald key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
