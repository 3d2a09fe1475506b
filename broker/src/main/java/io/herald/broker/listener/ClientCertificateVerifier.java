package io.herald.broker.listener;

import io.herald.broker.listener.CertificateRefusal.Reason;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Verifies client certificates for mutual TLS: validity dates, a path to one of the client CAs, the
 * CRLs, and the client-authentication key usage. A refusal says why in one line (the certificate's
 * subject, its dates or serial), carried as a {@link CertificateRefusal}. Immutable; thread-safe.
 */
final class ClientCertificateVerifier extends X509ExtendedTrustManager {

    private static final String CLIENT_AUTH_USAGE = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_USAGE = "2.5.29.37.0";

    private final Set<TrustAnchor> anchors;
    private final X509Certificate[] caCertificates;
    private final List<X509CRL> crls;
    private final Clock clock;

    /** @param crls already checked to be signed by one of {@code caCertificates} */
    ClientCertificateVerifier(List<X509Certificate> caCertificates, List<X509CRL> crls, Clock clock) {
        Set<TrustAnchor> a = new HashSet<>();
        for (X509Certificate ca : caCertificates) {
            a.add(new TrustAnchor(ca, null));
        }
        this.anchors = Set.copyOf(a);
        this.caCertificates = caCertificates.toArray(X509Certificate[]::new);
        this.crls = List.copyOf(crls);
        this.clock = clock;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        verify(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        verify(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain);
    }

    /** The verified path of {@code chain}: the client's certificate first, its CA last. */
    List<X509Certificate> verify(X509Certificate[] chain) throws CertificateRefusal {
        if (chain == null || chain.length == 0) {
            throw new CertificateRefusal(Reason.MISSING, "no client certificate");
        }
        X509Certificate leaf = chain[0];
        Date now = Date.from(clock.instant());
        for (X509Certificate c : chain) {
            checkDates(c, c == leaf ? "client certificate" : "client certificate's issuer", now);
        }
        checkUsage(leaf);
        List<X509Certificate> path = buildPath(chain, now);
        for (X509Certificate c : path) {
            checkRevocation(c, c == leaf ? "client certificate" : "client certificate's issuer");
        }
        return path;
    }

    private static void checkDates(X509Certificate c, String what, Date now) throws CertificateRefusal {
        try {
            c.checkValidity(now);
        } catch (CertificateExpiredException e) {
            throw new CertificateRefusal(Reason.EXPIRED, what + " expired (" + Certificates.subject(c) + ", notAfter "
                    + c.getNotAfter().toInstant() + ")");
        } catch (CertificateNotYetValidException e) {
            throw new CertificateRefusal(Reason.NOT_YET_VALID, what + " not yet valid (" + Certificates.subject(c)
                    + ", notBefore " + c.getNotBefore().toInstant() + ")");
        }
    }

    private static void checkUsage(X509Certificate leaf) throws CertificateRefusal {
        List<String> usages;
        try {
            usages = leaf.getExtendedKeyUsage();
        } catch (java.security.cert.CertificateParsingException e) {
            throw new CertificateRefusal(Reason.WRONG_USAGE, "client certificate has an unreadable extended key usage ("
                    + Certificates.subject(leaf) + ")");
        }
        if (usages != null && !usages.contains(CLIENT_AUTH_USAGE) && !usages.contains(ANY_USAGE)) {
            throw new CertificateRefusal(Reason.WRONG_USAGE, "client certificate is not for client authentication ("
                    + Certificates.subject(leaf) + ", extended key usage " + usages + ")");
        }
    }

    private List<X509Certificate> buildPath(X509Certificate[] chain, Date now) throws CertificateRefusal {
        X509Certificate leaf = chain[0];
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
            params.setRevocationEnabled(false); // the CRLs are checked below, with a clearer message
            params.setDate(now);
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(List.of(chain))));
            PKIXCertPathBuilderResult result = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(params);
            List<X509Certificate> path = new ArrayList<>();
            result.getCertPath().getCertificates().forEach(c -> path.add((X509Certificate) c));
            path.add(result.getTrustAnchor().getTrustedCert());
            return path;
        } catch (GeneralSecurityException e) {
            throw new CertificateRefusal(Reason.UNTRUSTED, "client certificate not trusted (" + Certificates.subject(leaf)
                    + ", issuer " + leaf.getIssuerX500Principal().getName() + "): no path to a client CA");
        }
    }

    private void checkRevocation(X509Certificate c, String what) throws CertificateRefusal {
        for (X509CRL crl : crls) {
            if (!crl.getIssuerX500Principal().equals(c.getIssuerX500Principal())) {
                continue;
            }
            X509CRLEntry entry = crl.getRevokedCertificate(c);
            if (entry != null) {
                throw new CertificateRefusal(Reason.REVOKED, what + " revoked (" + Certificates.subject(c) + ", serial "
                        + c.getSerialNumber().toString(16) + ", revoked " + entry.getRevocationDate().toInstant() + ")");
            }
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("a server-side trust manager checks no servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("a server-side trust manager checks no servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a server-side trust manager checks no servers");
    }

    /** The client CAs, named in the handshake's certificate request so clients pick a matching certificate. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return caCertificates.clone();
    }
}
