package io.herald.client;

/**
 * The seed-001 connection error numbers ({@code client.get("errnoConnect")}): why the last connection
 * attempt failed. MQTT 3 CONNACK return codes 1–5 map to themselves; MQTT 5 reason codes map to the
 * nearest of them.
 */
public final class ErrnoConnect {

    /** No error. */
    public static final int OK = 0;
    /** The server does not support the requested protocol version. */
    public static final int UNACCEPTABLE_PROTOCOL_VERSION = 1;
    /** The server rejected the client id. */
    public static final int IDENTIFIER_REJECTED = 2;
    /** The server is unavailable. */
    public static final int SERVER_UNAVAILABLE = 3;
    /** The user name or password was refused. */
    public static final int BAD_USER_NAME_OR_PASSWORD = 4;
    /** The client is not authorized to connect. */
    public static final int NOT_AUTHORIZED = 5;
    /** Any other failure, mainly network errors and timeouts. */
    public static final int CONNECTION_FAILED = 6;
    /** A TLS error: handshake, certificate or key. */
    public static final int TLS_ERROR = 7;

    private ErrnoConnect() {}

    /** The seed's summary text for an error number. */
    public static String describe(int errno) {
        return switch (errno) {
            case OK -> "OK";
            case UNACCEPTABLE_PROTOCOL_VERSION -> "Unacceptable protocol version";
            case IDENTIFIER_REJECTED -> "Identifier rejected";
            case SERVER_UNAVAILABLE -> "Server unavailable";
            case BAD_USER_NAME_OR_PASSWORD -> "Bad user name or password";
            case NOT_AUTHORIZED -> "Not authorized";
            case CONNECTION_FAILED -> "Connection failed";
            case TLS_ERROR -> "SSL/TLS error";
            default -> "Reserved";
        };
    }

    /**
     * The error number for a CONNACK return code (MQTT 3) or reason code (MQTT 5); {@link #OK} for
     * success.
     */
    public static int fromConnAckCode(int code) {
        return switch (code) {
            case 0 -> OK;
            case 1, 2, 3, 4, 5 -> code;
            case 0x84 -> UNACCEPTABLE_PROTOCOL_VERSION;
            case 0x85 -> IDENTIFIER_REJECTED;
            case 0x88, 0x89, 0x9C, 0x9D, 0x9F -> SERVER_UNAVAILABLE;
            case 0x86, 0x8C -> BAD_USER_NAME_OR_PASSWORD;
            case 0x87, 0x8A -> NOT_AUTHORIZED;
            default -> CONNECTION_FAILED;
        };
    }
}
