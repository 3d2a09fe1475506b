package io.herald.server.auth;

import io.herald.broker.auth.AuthResult;
import io.herald.broker.auth.AuthResult.Refusal;
import io.herald.broker.auth.Authenticator;
import io.herald.broker.auth.ClientIdentity;
import io.herald.broker.auth.ConnectInfo;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Authenticates CONNECT with the password file, and anonymous clients as the {@link AnonymousPolicy}
 * says.
 *
 * <ul>
 *   <li>No user name, or no password file configured (nothing to verify a name against): the client
 *       is anonymous; refused with 0x05 (MQTT 5 0x87) unless the policy allows anonymous clients.
 *   <li>A user name the file does not list, no password, or a wrong one: 0x04 (MQTT 5 0x86).
 *   <li>A right one: accepted as that user.
 * </ul>
 *
 * <p>Threads: {@link #authenticate} runs on event loops and answers from memory when it can (the
 * {@link LoginCache}); Argon2 checks run on {@code verifier}, a small bounded pool. When that pool is
 * saturated the CONNECT is refused with 0x03 (server unavailable) rather than queued without end.
 */
final class PasswordAuthenticator implements Authenticator {

    private final AnonymousPolicy anonymous;
    private final Supplier<PasswordFile> passwords;
    private final Executor verifier;
    private final LoginCache cache;

    /** @param passwords the current password file, or null when none is configured */
    PasswordAuthenticator(AnonymousPolicy anonymous, Supplier<PasswordFile> passwords, Executor verifier,
            LoginCache cache) {
        this.anonymous = anonymous;
        this.passwords = passwords;
        this.verifier = verifier;
        this.cache = cache;
    }

    @Override
    public CompletionStage<AuthResult> authenticate(ConnectInfo info) {
        if (info.username() == null || passwords == null) {
            return done(anonymous.allowed()
                    ? AuthResult.accept(new ClientIdentity(info.clientId(), null))
                    : AuthResult.refuse(Refusal.NOT_AUTHORIZED, "anonymous clients are refused"));
        }
        String user = info.username();
        String hash = passwords.get().hashOf(user);
        if (hash == null || info.password() == null) {
            return done(AuthResult.refuse(Refusal.BAD_USERNAME_OR_PASSWORD,
                    hash == null ? "unknown user" : "no password"));
        }
        byte[] password = info.password();
        if (cache.remembers(user, hash, password)) {
            return done(accepted(info));
        }
        try {
            return CompletableFuture.supplyAsync(() -> verify(info, hash, password), verifier);
        } catch (RejectedExecutionException e) {
            return done(AuthResult.refuse(Refusal.SERVER_UNAVAILABLE, "too many logins are being verified"));
        }
    }

    private AuthResult verify(ConnectInfo info, String hash, byte[] password) {
        try {
            if (!PasswordHasher.verify(password, hash)) {
                return AuthResult.refuse(Refusal.BAD_USERNAME_OR_PASSWORD, "wrong password");
            }
            cache.remember(info.username(), hash, password);
            return accepted(info);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    private static AuthResult accepted(ConnectInfo info) {
        return AuthResult.accept(new ClientIdentity(info.clientId(), info.username()));
    }

    private static CompletionStage<AuthResult> done(AuthResult result) {
        return CompletableFuture.completedFuture(result);
    }
}
