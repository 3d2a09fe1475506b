package io.herald.broker.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * Who a connected client is and what it may do, as the {@link Authenticator} established it at
 * CONNECT. The broker caches it on the connection: every PUBLISH and SUBSCRIBE is decided from it (its
 * {@link #permissions}, then the {@link Authorizer}; both must allow) without calling back into the
 * authenticator. It changes only through {@code Broker.updatePermissions} or an MQTT 5
 * re-authentication. Immutable.
 *
 * @param username null for an anonymous client
 * @param principal what the platform knows the client as (token, user, thing, installation, ...)
 * @param permissions the credential's own ACL; {@link Permissions#ALLOW_ALL} when it has none
 * @param expiresAt when the credential expires: the broker disconnects the client within a second of
 *     it (MQTT 5 DISCONNECT 0xA0, Maximum connect time); null for never
 */
public record ClientIdentity(String clientId, String username, Principal principal, Permissions permissions,
        Instant expiresAt) {

    public ClientIdentity {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(permissions, "permissions");
    }

    /**
     * A client known only by its client id and user name: principal {@code anonymous:CLIENTID} without a
     * user name, {@code file-user:USERNAME} with one; every topic allowed (the {@link Authorizer} still
     * applies); no expiry.
     */
    public ClientIdentity(String clientId, String username) {
        this(clientId, username, username == null ? Principal.anonymous(clientId)
                : new Principal(Principal.KIND_FILE_USER, username), Permissions.ALLOW_ALL, null);
    }

    public boolean anonymous() {
        return username == null;
    }

    /** The same identity with other permissions. */
    public ClientIdentity withPermissions(Permissions value) {
        return new ClientIdentity(clientId, username, principal, value, expiresAt);
    }

    /** The same identity expiring at {@code value} (null: never). */
    public ClientIdentity withExpiresAt(Instant value) {
        return new ClientIdentity(clientId, username, principal, permissions, value);
    }

    /** Whether the credential has expired at {@code now}. */
    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
