package io.herald.broker.codec;

/**
 * Thrown by a packet handler when the client broke the protocol; the packet dispatcher catches it in
 * one place and ends the connection: MQTT 5 clients get DISCONNECT with {@link #reasonCode()} first
 * [MQTT-4.13.1-1], MQTT 3 clients are just disconnected [MQTT-4.8.0-1]. Carries the normative
 * statement that was broken.
 */
public final class ProtocolViolation extends RuntimeException {

    /** MQTT 5 reason codes used by the broker to end a connection. */
    public static final byte MALFORMED = (byte) 0x81;
    public static final byte PROTOCOL_ERROR = (byte) 0x82;
    public static final byte RECEIVE_MAXIMUM_EXCEEDED = (byte) 0x93;
    public static final byte TOPIC_ALIAS_INVALID = (byte) 0x94;
    public static final byte PACKET_TOO_LARGE = (byte) 0x95;
    public static final byte QUOTA_EXCEEDED = (byte) 0x97;
    public static final byte PAYLOAD_FORMAT_INVALID = (byte) 0x99;

    private final String specId;
    private final byte reasonCode;

    /** A protocol error (MQTT 5 reason 0x82). */
    public ProtocolViolation(String specId, String message) {
        this(specId, PROTOCOL_ERROR, message);
    }

    public ProtocolViolation(String specId, byte reasonCode, String message) {
        super(message, null, false, false);
        this.specId = specId;
        this.reasonCode = reasonCode;
    }

    public String specId() {
        return specId;
    }

    public byte reasonCode() {
        return reasonCode;
    }

    @Override
    public String getMessage() {
        return "[" + specId + "] " + super.getMessage();
    }
}
