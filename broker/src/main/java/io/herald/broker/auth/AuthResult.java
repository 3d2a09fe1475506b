package io.herald.broker.auth;

/** The outcome of authentication: accepted with an identity, or refused with a reason. */
public sealed interface AuthResult {

    /** Why a connection is refused; each maps to a CONNACK code of every protocol level. */
    enum Refusal {
        /** MQTT 3.1.1 0x04, MQTT 5 0x86. */
        BAD_USERNAME_OR_PASSWORD,
        /** MQTT 3.1.1 0x05, MQTT 5 0x87. */
        NOT_AUTHORIZED,
        /** MQTT 3.1.1 0x03, MQTT 5 0x88. */
        SERVER_UNAVAILABLE
    }

    record Accepted(ClientIdentity identity) implements AuthResult {}

    record Refused(Refusal refusal, String reason) implements AuthResult {}

    static AuthResult accept(ClientIdentity identity) {
        return new Accepted(identity);
    }

    static AuthResult refuse(Refusal refusal, String reason) {
        return new Refused(refusal, reason);
    }
}
