package io.herald.broker.auth;

/**
 * Who a connected client is, as established by the {@link Authenticator}: what the {@link Authorizer}
 * decides on. Immutable.
 *
 * @param username null for an anonymous client
 */
public record ClientIdentity(String clientId, String username) {

    public boolean anonymous() {
        return username == null;
    }
}
