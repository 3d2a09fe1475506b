package io.herald.broker.codec;

/**
 * Thrown by a packet handler when the client broke the protocol; the connection handler catches it in
 * one place and closes the connection. Carries the normative statement that was broken.
 */
public final class ProtocolViolation extends RuntimeException {

    private final String specId;

    public ProtocolViolation(String specId, String message) {
        super(message, null, false, false);
        this.specId = specId;
    }

    public String specId() {
        return specId;
    }

    @Override
    public String getMessage() {
        return "[" + specId + "] " + super.getMessage();
    }
}
