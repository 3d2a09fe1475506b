package io.herald.platform.mqtt;

import io.herald.broker.Broker;
import io.herald.broker.DisconnectReason;
import io.herald.broker.auth.Principal;
import io.herald.platform.auth.Credential;
import io.herald.platform.auth.Identities;
import io.herald.platform.identity.CredentialListener;

/**
 * Makes live MQTT connections follow credential changes through the broker's public API: a revoked
 * credential's connections are closed (DISCONNECT 0x98 within a second), a deleted one's sessions are
 * discarded too (so its queue stops filling), and changed rights or expiry replace the identity the
 * broker cached, re-checking existing subscriptions. Thread-safe; the broker's calls do not block.
 */
public final class BrokerRevocation implements CredentialListener {

    private final Broker broker;

    public BrokerRevocation(Broker broker) {
        this.broker = broker;
    }

    @Override
    public void revoked(String kind, String id, boolean deleted) {
        broker.disconnect(new Principal(kind, id), DisconnectReason.ADMINISTRATIVE, deleted);
    }

    @Override
    public void changed(Credential credential) {
        Principal principal = Identities.principal(credential);
        broker.updatePermissions(identity -> identity.principal().equals(principal),
                identity -> identity.withPermissions(Identities.permissions(credential))
                        .withExpiresAt(credential.expiresAt()));
    }
}
