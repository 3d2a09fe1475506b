package io.herald.client;

import java.util.Objects;

/**
 * An error as the seed-001 {@code mqtt} object reports it: a numeric code from its error table, the
 * table's text for that code, and a detail saying what happened.
 *
 * <p>Immutable. {@link #OK} (code 0) means success; the other codes are the constants of this class.
 *
 * @param code the seed's error code: 0, 1, 10, 11, 12, 13, 14 or 255
 * @param message the seed's text for the code, e.g. {@code "Connection failed"}
 * @param detail what happened, for people; empty for {@link #OK}
 */
public record MqttError(int code, String message, String detail) {

    /** No error. */
    public static final int CODE_OK = 0;
    /** A connection or reconnection attempt failed; {@code errnoConnect} says why. */
    public static final int CONNECTION_FAILED = 1;
    /** An argument was invalid. */
    public static final int ILLEGAL_ARGUMENT = 10;
    /** The operation was requested while not connected, or the connection ended before it completed. */
    public static final int DISCONNECTED = 11;
    /** The server refused or did not confirm a publish. */
    public static final int PUBLISH_FAILED = 12;
    /** The server refused a subscription. */
    public static final int SUBSCRIBE_FAILED = 13;
    /** The server refused an unsubscribe. */
    public static final int UNSUBSCRIBE_FAILED = 14;
    /** Anything else: protocol errors, a reconnect storm, a message too large for the receive buffer. */
    public static final int OTHER = 255;

    /** Success. */
    public static final MqttError OK = new MqttError(CODE_OK, "OK", "");

    public MqttError {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(detail, "detail");
    }

    /** An error with the seed's text for {@code code} and the given detail. */
    public static MqttError of(int code, String detail) {
        return new MqttError(code, textOf(code), detail);
    }

    /** The seed's table text for a code; {@code "Other error"} for codes outside the table. */
    public static String textOf(int code) {
        return switch (code) {
            case CODE_OK -> "OK";
            case CONNECTION_FAILED -> "Connection failed";
            case ILLEGAL_ARGUMENT -> "Illegal argument";
            case DISCONNECTED -> "Disconnected";
            case PUBLISH_FAILED -> "Publish failed";
            case SUBSCRIBE_FAILED -> "Subscribe failed";
            case UNSUBSCRIBE_FAILED -> "Unsubscribe failed";
            default -> "Other error";
        };
    }

    /** True for {@link #OK}. */
    public boolean isOk() {
        return code == CODE_OK;
    }

    @Override
    public String toString() {
        return detail.isEmpty() ? code + " " + message : code + " " + message + ": " + detail;
    }
}
