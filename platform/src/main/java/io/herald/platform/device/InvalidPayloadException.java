package io.herald.platform.device;

/** A device's payload that is not what its topic requires; the message says why. */
public final class InvalidPayloadException extends Exception {

    public InvalidPayloadException(String message) {
        super(message, null, false, false);
    }
}
