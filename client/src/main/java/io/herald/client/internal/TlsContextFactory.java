package io.herald.client.internal;

import io.herald.client.TlsConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLException;

/**
 * Turns {@link TlsConfig} PEM strings into a client {@link SslContext} on the JDK's TLS provider.
 * Stateless.
 */
final class TlsContextFactory {

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
                throw new TlsSetupException("a client certificate needs both ssl.cert and ssl.key", null);
            }
            try {
                b.keyManager(stream(tls.certPem()), stream(tls.keyPem()));
            } catch (IllegalArgumentException e) {
                throw new TlsSetupException("ssl.cert or ssl.key is invalid (the key must be PEM PKCS#8, "
                        + "'BEGIN PRIVATE KEY'; convert with 'openssl pkcs8 -topk8 -nocrypt'): " + e.getMessage(), e);
            }
        }
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
