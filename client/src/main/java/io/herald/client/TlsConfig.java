package io.herald.client;

/**
 * TLS settings for {@code mqtts://} and {@code wss://}: the CA certificates to trust and an optional
 * client certificate with its key, all as PEM strings as in the seed's samples. Immutable.
 *
 * <p>The key must be PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}); {@code openssl pkcs8 -topk8
 * -nocrypt} converts other formats.
 *
 * @param caPem PEM CA certificate(s) to trust, or null for the JDK's default trust store
 * @param certPem PEM client certificate chain, or null for no client authentication
 * @param keyPem PEM PKCS#8 private key of the client certificate, or null
 * @param verifyHostname whether the server certificate must name the host connected to
 */
public record TlsConfig(String caPem, String certPem, String keyPem, boolean verifyHostname) {

    /** The JDK's trusted CAs, no client certificate, host name verified. */
    public static final TlsConfig DEFAULT = new TlsConfig(null, null, null, true);

    /** A copy trusting the CA certificate(s) in {@code pem} (null: the JDK's trust store). */
    public TlsConfig withCa(String pem) {
        return new TlsConfig(blankToNull(pem), certPem, keyPem, verifyHostname);
    }

    /** A copy with the client certificate chain {@code pem} (null: none). */
    public TlsConfig withCert(String pem) {
        return new TlsConfig(caPem, blankToNull(pem), keyPem, verifyHostname);
    }

    /** A copy with the client key {@code pem} (null: none). */
    public TlsConfig withKey(String pem) {
        return new TlsConfig(caPem, certPem, blankToNull(pem), verifyHostname);
    }

    /** A copy that does or does not check the server certificate's host name. */
    public TlsConfig withVerifyHostname(boolean value) {
        return new TlsConfig(caPem, certPem, keyPem, value);
    }

    /** True when both a client certificate and its key are set. */
    public boolean hasClientCertificate() {
        return certPem != null && keyPem != null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
