package io.herald.broker.auth;

/** One step of an MQTT 5 enhanced authentication conversation, as the server decides it. */
public sealed interface AuthStep {

    /** More is needed: send {@code serverData} to the client in AUTH 0x18 (Continue authentication). */
    record Continue(byte[] serverData) implements AuthStep {}

    /** Authenticated; {@code serverData} (may be null) goes to the client in CONNACK or AUTH 0x00. */
    record Success(ClientIdentity identity, byte[] serverData) implements AuthStep {}

    /** Refused: CONNACK with the refusal's code, or DISCONNECT when re-authenticating. */
    record Failure(AuthResult.Refusal refusal, String reason) implements AuthStep {}
}
