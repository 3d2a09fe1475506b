package io.herald.client.internal;

import io.herald.client.TlsConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@link TlsConfig} PEM strings into a client {@link SslContext} on the JDK's TLS provider.
 * Stateless.
 */
final class TlsContextFactory {

    private static final Logger LOG = LoggerFactory.getLogger(TlsContextFactory.class);

    /** A TLS setting that cannot be used; the message says which and why. */
    static final class TlsSetupException extends Exception {
        private static final long serialVersionUID = 1L;

        TlsSetupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private TlsContextFactory() {}

    static SslContext create(TlsConfig tls) throws TlsSetupException {
        SslContextBuilder b = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .endpointIdentificationAlgorithm(tls.verifyHostname() ? "HTTPS" : null);
        if (tls.caPem() != null) {
            try {
                b.trustManager(stream(tls.caPem()));
            } catch (IllegalArgumentException e) {
                throw new TlsSetupException("ssl.ca is not a valid PEM certificate", e);
            }
        }
        if (tls.certPem() != null || tls.keyPem() != null) {
            if (!tls.hasClientCertificate()) {
                // seed 001: without ssl.cert and ssl.key "client authentication is disabled"
                LOG.warn("{} is set without {}: connecting without a client certificate",
                        tls.certPem() != null ? "ssl.cert" : "ssl.key", tls.certPem() != null ? "ssl.key" : "ssl.cert");
                return build(b);
            }
            try {
                b.keyManager(stream(tls.certPem()), stream(tls.keyPem()));
            } catch (IllegalArgumentException e) {
                throw new TlsSetupException("ssl.cert or ssl.key is invalid (the key must be PEM PKCS#8, "
                        + "'BEGIN PRIVATE KEY'; convert with 'openssl pkcs8 -topk8 -nocrypt'): " + e.getMessage(), e);
            }
        }
        return build(b);
    }

    private static SslContext build(SslContextBuilder b) throws TlsSetupException {
        try {
            return b.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsSetupException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static InputStream stream(String pem) {
        return new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
