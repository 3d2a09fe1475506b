package io.herald.client;

/**
 * A refusal or failure of a Herald platform REST call: the HTTP status and the server's stable
 * {@code errorCode} (Kii's names, e.g. {@code INSTALLATION_NOT_FOUND}, {@code MQTT_ENDPOINT_NOT_READY}),
 * or a status of 0 when the server could not be reached. Immutable.
 */
public final class PlatformException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The errorCode of failures that never reached the server or got no problem document back. */
    public static final String UNREACHABLE = "UNREACHABLE";

    private final int status;
    private final String errorCode;

    public PlatformException(int status, String errorCode, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** The HTTP status; 0 when there was no response. */
    public int status() {
        return status;
    }

    /** The server's errorCode, or {@link #UNREACHABLE}. */
    public String errorCode() {
        return errorCode;
    }
}
