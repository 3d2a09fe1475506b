package io.herald.broker;

/**
 * Why the broker ends a client's connection on its own initiative, with the MQTT 5 DISCONNECT reason
 * code it sends first [MQTT-4.13.1-1]; MQTT 3 clients are just disconnected.
 */
public enum DisconnectReason {
    /** An operator or the platform asked for it, e.g. a revoked credential (0x98, administrative action). */
    ADMINISTRATIVE(0x98),
    /** The client's rights no longer let it stay connected (0x87, not authorized). */
    NOT_AUTHORIZED(0x87),
    /** The client's credential expired (0xA0, maximum connect time: the connection lasted as long as allowed). */
    CREDENTIAL_EXPIRED(0xA0),
    /** Another connection took the session over [MQTT-3.1.4-3] (0x8E). */
    SESSION_TAKEN_OVER(0x8E),
    /** The broker is shutting down (0x8B). */
    SERVER_SHUTTING_DOWN(0x8B);

    private final int reasonCode;

    DisconnectReason(int reasonCode) {
        this.reasonCode = reasonCode;
    }

    /** The MQTT 5 DISCONNECT reason code. */
    public int reasonCode() {
        return reasonCode;
    }
}
