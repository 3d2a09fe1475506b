package io.herald.platform.push;

import io.herald.broker.auth.AclEntry;
import io.herald.broker.auth.Action;
import io.herald.broker.auth.AuthResult;
import io.herald.broker.auth.Authenticator;
import io.herald.broker.auth.ClientIdentity;
import io.herald.broker.auth.ConnectInfo;
import io.herald.broker.auth.Permissions;
import io.herald.broker.auth.Principal;
import io.herald.platform.auth.Secrets;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Logs in push installations with their endpoint credentials, from memory; every other CONNECT goes to
 * the next authenticator. An installation's user name decides: then the password must be the current
 * one, and the client id must be its {@code mqttTopic}; it is accepted as principal
 * {@code installation:ID}, may subscribe to its {@code mqttTopic} and nothing else, and publish nowhere.
 * The credentials' expiry is the identity's {@code expiresAt}: the broker refuses a CONNECT whose
 * credentials have expired and ends a live connection when they expire (MQTT 5 DISCONNECT 0xA0).
 *
 * <p>Non-blocking (one SHA-256): called on the broker's event loops. Thread-safe.
 */
public final class InstallationAuthenticator implements Authenticator {

    private final InstallationRegistry registry;
    private final Authenticator next;

    public InstallationAuthenticator(InstallationRegistry registry, Authenticator next) {
        this.registry = registry;
        this.next = next;
    }

    @Override
    public CompletionStage<AuthResult> authenticate(ConnectInfo info) {
        Optional<InstallationRecord> found = info.username() == null ? Optional.empty()
                : registry.byUsername(info.username());
        if (found.isEmpty()) {
            return next.authenticate(info);
        }
        return CompletableFuture.completedFuture(decide(found.get(), info));
    }

    private AuthResult decide(InstallationRecord i, ConnectInfo info) {
        byte[] password = info.password();
        if (i.passwordDigest() == null || password == null
                || !Secrets.matches(new String(password, StandardCharsets.UTF_8), i.passwordDigest())) {
            return AuthResult.refuse(AuthResult.Refusal.BAD_USERNAME_OR_PASSWORD,
                    "wrong or superseded password for installation " + i.installationId());
        }
        if (!i.mqttTopic().equals(info.clientId())) {
            return AuthResult.refuse(AuthResult.Refusal.NOT_AUTHORIZED, "installation " + i.installationId()
                    + " must connect with its mqttTopic as client id");
        }
        Permissions onlyItsTopic = Permissions.of(List.of(AclEntry.allow(i.mqttTopic(), Action.SUBSCRIBE)));
        return AuthResult.accept(new ClientIdentity(info.clientId(), info.username(),
                new Principal(Principal.KIND_INSTALLATION, i.installationId()), onlyItsTopic, i.credentialExpiresAt()));
    }
}
