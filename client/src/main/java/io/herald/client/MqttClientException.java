package io.herald.client;

import java.util.Objects;

/**
 * Why an operation of the client failed: the seed-001 {@link MqttError}, and where they apply the
 * connection error number and the MQTT reason code the server sent.
 *
 * <p>Immutable; futures of {@link HeraldMqttClient} complete exceptionally with it.
 */
public final class MqttClientException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** {@link #reasonCode()} when the server sent none. */
    public static final int NO_REASON_CODE = -1;

    private final transient MqttError error;
    private final int errnoConnect;
    private final int reasonCode;

    public MqttClientException(MqttError error, int errnoConnect, int reasonCode, Throwable cause) {
        super(error.toString(), cause);
        this.error = Objects.requireNonNull(error, "error");
        this.errnoConnect = errnoConnect;
        this.reasonCode = reasonCode;
    }

    /** An error with no connection error number and no reason code. */
    public static MqttClientException of(int code, String detail) {
        return new MqttClientException(MqttError.of(code, detail), ErrnoConnect.OK, NO_REASON_CODE, null);
    }

    /** A failed connection attempt. */
    public static MqttClientException connectFailed(int errno, int reasonCode, String detail, Throwable cause) {
        return new MqttClientException(MqttError.of(MqttError.CONNECTION_FAILED, detail), errno, reasonCode, cause);
    }

    /** The seed's error: code, table text and detail. */
    public MqttError error() {
        return error;
    }

    /** The seed's error code, a shortcut for {@code error().code()}. */
    public int code() {
        return error.code();
    }

    /** For connection failures the seed's connection error number ({@link ErrnoConnect}), else 0. */
    public int errnoConnect() {
        return errnoConnect;
    }

    /** The MQTT return or reason code the server sent, or {@link #NO_REASON_CODE}. */
    public int reasonCode() {
        return reasonCode;
    }
}
