package io.herald.broker.handler;

import io.herald.broker.auth.ClientIdentity;
import io.herald.broker.session.Rights;
import io.herald.broker.session.SubscriptionRecheck;
import java.time.Clock;

/**
 * What happens when a connection's rights are set or replaced: at CONNECT, on an MQTT 5
 * re-authentication, and on {@code Broker.updatePermissions} / {@code recheckAuthorizer}. The rights
 * are cached on the connection and its session (so PUBLISH, SUBSCRIBE and filtered deliveries decide from
 * memory), the session's subscriptions are re-checked, and the credential's expiry is watched.
 *
 * <p>Threads: every method runs on the connection's session loop. Stateless itself.
 */
final class ConnectionRights {

    private final CredentialExpiry expiry;
    private final SubscriptionRecheck recheck;
    private final Clock clock;

    ConnectionRights(CredentialExpiry expiry, SubscriptionRecheck recheck, Clock clock) {
        this.expiry = expiry;
        this.recheck = recheck;
        this.clock = clock;
    }

    /** Whether a credential is already expired when it is presented: CONNECT is then refused. */
    boolean expired(ClientIdentity identity) {
        return identity.expiresAt() != null && identity.expiresAt().toEpochMilli() <= clock.millis();
    }

    /**
     * CONNECT accepted and the session attached: the rights apply. A resumed session (restored from the
     * store, or left by an earlier connection, perhaps with other rights) has its subscriptions
     * re-checked against them.
     */
    void attached(Connection conn, Rights rights, boolean resumed) {
        conn.rights = rights;
        conn.session.rights(rights);
        if (resumed) {
            recheck.recheck(conn.session, rights);
        }
        expiry.watch(conn);
    }

    /**
     * Replaces the rights of a connected client: subscriptions no longer allowed are removed, and the new
     * expiry is watched (an expired one disconnects now).
     *
     * @return how many subscriptions were removed
     */
    int replace(Connection conn, Rights rights) {
        if (conn.state != Connection.State.CONNECTED) {
            return 0;
        }
        conn.rights = rights;
        conn.session.rights(rights);
        int removed = recheck.recheck(conn.session, rights);
        expiry.watch(conn);
        return removed;
    }

    /** The connection ended. */
    void closed(Connection conn) {
        expiry.unwatch(conn);
    }
}
