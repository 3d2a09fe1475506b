package io.herald.platform.auth;

import io.herald.broker.auth.AuthResult;
import io.herald.broker.auth.Authenticator;
import io.herald.broker.auth.ConnectInfo;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The broker's {@link Authenticator} for platform credentials (tokens, things, certificates), decided
 * from memory on the event loop; a CONNECT that carries none goes to the next authenticator (the
 * password file, the anonymous policy). An accepted client is cached by the broker with its principal,
 * its permissions and its expiry; the ACL file's authorizer applies on top. Thread-safe.
 */
public final class PlatformAuthenticator implements Authenticator {

    private final MqttCredentials credentials;
    private final Authenticator next;
    private final MeterRegistry registry;

    /**
     * @param registry counts logins: {@code herald.platform.logins{kind}} accepted, {@code
     *     herald.auth.failures{reason}} refused
     */
    public PlatformAuthenticator(MqttCredentials credentials, Authenticator next, MeterRegistry registry) {
        this.credentials = credentials;
        this.next = next;
        this.registry = registry;
    }

    @Override
    public CompletionStage<AuthResult> authenticate(ConnectInfo info) {
        return switch (credentials.check(info.clientId(), info.username(), info.password(), info.clientCertificate())) {
            case MqttCredentials.Accept a -> {
                registry.counter("herald.platform.logins", "kind", a.credential().kind()).increment();
                yield CompletableFuture.completedFuture(AuthResult.accept(Identities.of(info.clientId(), info.username(),
                        a.credential())));
            }
            case MqttCredentials.Refuse r -> {
                registry.counter("herald.auth.failures", "reason", r.failure().tag()).increment();
                yield CompletableFuture.completedFuture(AuthResult.refuse(AuthResult.Refusal.BAD_USERNAME_OR_PASSWORD,
                        r.reason()));
            }
            case MqttCredentials.NotMine n -> next.authenticate(info);
        };
    }
}
