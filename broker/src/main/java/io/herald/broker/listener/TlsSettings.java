package io.herald.broker.listener;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the TLS and WSS listeners find their certificates and how they treat client certificates.
 * Immutable; the files are re-read when they change (every {@code reloadInterval}) and on request.
 *
 * @param certFile PEM: the server certificate, optionally followed by its intermediates
 * @param keyFile PEM: the server certificate's private key (PKCS#8, PKCS#1 or SEC1, unencrypted)
 * @param chainFile PEM: intermediates sent after the server certificate; null for none
 * @param clientAuth whether clients are asked for a certificate
 * @param clientCaFile PEM: the CAs client certificates must chain to; required unless clientAuth is NONE
 * @param crlFile PEM or DER: revoked client certificates; null for none
 * @param reloadInterval how often the files are checked for changes; zero turns the check off
 */
public record TlsSettings(Path certFile, Path keyFile, Path chainFile, ClientAuth clientAuth, Path clientCaFile,
        Path crlFile, Duration reloadInterval) {

    /** Whether a TLS listener asks clients for a certificate. */
    public enum ClientAuth {
        /** No client certificate is asked for. */
        NONE,
        /** A client may present a certificate; a bad one is refused, none is fine. */
        OPTIONAL,
        /** Every client must present a valid certificate. */
        REQUIRED
    }

    public TlsSettings {
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(clientAuth, "clientAuth");
        Objects.requireNonNull(reloadInterval, "reloadInterval");
        if (clientAuth != ClientAuth.NONE && clientCaFile == null) {
            throw new IllegalArgumentException("client certificates (" + clientAuth.name().toLowerCase(java.util.Locale.ROOT)
                    + ") need the CA file that signs them");
        }
        if (reloadInterval.isNegative()) {
            throw new IllegalArgumentException("reloadInterval must not be negative");
        }
    }

    /** Server certificate and key only: no client certificates, files checked every 5 seconds. */
    public static TlsSettings of(Path certFile, Path keyFile) {
        return new TlsSettings(certFile, keyFile, null, ClientAuth.NONE, null, null, Duration.ofSeconds(5));
    }

    /** These settings with client certificates {@code clientAuth}, checked against {@code caFile} and {@code crlFile}. */
    public TlsSettings withClientAuth(ClientAuth mode, Path caFile, Path crl) {
        return new TlsSettings(certFile, keyFile, chainFile, mode, caFile, crl, reloadInterval);
    }

    public TlsSettings withReloadInterval(Duration interval) {
        return new TlsSettings(certFile, keyFile, chainFile, clientAuth, clientCaFile, crlFile, interval);
    }
}
