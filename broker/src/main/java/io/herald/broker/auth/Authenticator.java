package io.herald.broker.auth;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Decides whether a CONNECT is accepted and who the client is.
 *
 * <p>Called on an event loop: an implementation must not block it; slow checks (password hashes,
 * database look-ups) complete the returned stage from another thread.
 */
@FunctionalInterface
public interface Authenticator {

    CompletionStage<AuthResult> authenticate(ConnectInfo info);

    /** Accepts everyone, anonymous or not, taking the username at its word. */
    static Authenticator allowAll() {
        return info -> CompletableFuture.completedFuture(
                AuthResult.accept(new ClientIdentity(info.clientId(), info.username())));
    }
}
