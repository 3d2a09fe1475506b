package io.herald.broker.listener;

/** A TLS file that cannot be used (missing, unreadable, not PEM, key and certificate not a pair), with a one-line reason. */
public final class TlsConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TlsConfigException(String message) {
        super(message);
    }
}
