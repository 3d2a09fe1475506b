package io.herald.broker.listener;

import java.security.cert.CertificateException;
import java.util.Locale;

/**
 * Why a client certificate was refused, as the TLS handshake's failure cause: the listener finds it
 * there and logs its message. Immutable.
 */
final class CertificateRefusal extends CertificateException {

    private static final long serialVersionUID = 1L;

    /** The refusal's kind, also the {@code reason} tag of the {@code herald.tls.refused} metric. */
    enum Reason {
        MISSING,
        EXPIRED,
        NOT_YET_VALID,
        UNTRUSTED,
        REVOKED,
        WRONG_USAGE;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    CertificateRefusal(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
