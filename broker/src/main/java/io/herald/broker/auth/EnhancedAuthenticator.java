package io.herald.broker.auth;

import java.util.concurrent.CompletionStage;

/**
 * MQTT 5 enhanced authentication [MQTT-4.12]: challenge and response over AUTH packets, for the
 * Authentication Methods it supports (SCRAM-SHA-256, Kerberos, a platform's own scheme).
 *
 * <p>Called on event loops: nothing here may block; slow work completes the returned stages later.
 */
public interface EnhancedAuthenticator {

    /** Whether {@code method} (the CONNECT's Authentication Method) is one this authenticator speaks. */
    boolean supports(String method);

    /** Starts a conversation for a CONNECT, or for a re-authentication of a connected client. */
    Conversation start(String method, ConnectInfo info);

    /** One authentication exchange. Used by one connection at a time, on its loop. */
    interface Conversation {

        /** Takes the client's Authentication Data (null when it sent none) and decides the next step. */
        CompletionStage<AuthStep> step(byte[] clientData);
    }

    /** Supports no method: every CONNECT with an Authentication Method is refused with 0x8C. */
    static EnhancedAuthenticator none() {
        return new EnhancedAuthenticator() {
            @Override
            public boolean supports(String method) {
                return false;
            }

            @Override
            public Conversation start(String method, ConnectInfo info) {
                throw new IllegalStateException("no enhanced authentication method is configured");
            }
        };
    }
}
