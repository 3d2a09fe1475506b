package io.herald.broker.auth;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The client certificate a TLS connection presented and the listener verified (mutual TLS): what an
 * {@link Authenticator} can map to a thing or a user. Immutable.
 *
 * @param subject the subject distinguished name, RFC 2253 form ({@code CN=dev-1,O=Acme})
 * @param commonName the subject's CN, null when it has none
 * @param subjectAltNames the subject alternative names, in certificate order
 * @param chain the certificates the client sent, its own first, as verified against the client CAs
 */
public record ClientCertificate(String subject, String commonName, List<AltName> subjectAltNames,
        List<X509Certificate> chain) {

    /** One subject alternative name: {@code DNS}, {@code IP}, {@code URI}, {@code email} or another type number. */
    public record AltName(String type, String value) {

        public AltName {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return type + ":" + value;
        }
    }

    public ClientCertificate {
        Objects.requireNonNull(subject, "subject");
        subjectAltNames = List.copyOf(subjectAltNames);
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a client certificate needs its chain");
        }
    }

    /** The client's own certificate. */
    public X509Certificate certificate() {
        return chain.getFirst();
    }
}
