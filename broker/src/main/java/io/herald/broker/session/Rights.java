package io.herald.broker.session;

import io.herald.broker.auth.Authorizer;
import io.herald.broker.auth.ClientIdentity;
import io.herald.broker.auth.SubscribeDecision;

/**
 * What one client may do: its credential's {@link io.herald.broker.auth.Permissions} (cached on the
 * connection with its identity) and the broker's {@link Authorizer}; both must allow. Immutable: a
 * change of rights replaces the whole value.
 */
public record Rights(ClientIdentity identity, Authorizer authorizer) {

    public boolean canPublish(String topic) {
        return identity.permissions().canPublish(identity, topic) && authorizer.canPublish(identity, topic);
    }

    /** The decision for a SUBSCRIBE to {@code filter} (without {@code $share/GROUP/}). */
    public SubscribeDecision subscribe(String filter) {
        SubscribeDecision own = identity.permissions().subscribe(identity, filter);
        return own == SubscribeDecision.DENIED ? own : own.and(authorizer.subscribe(identity, filter));
    }

    /** Whether a message on {@code topic} may go out through a subscription granted filtered. */
    public boolean canReceive(String topic) {
        return identity.permissions().canReceive(identity, topic) && authorizer.canReceive(identity, topic);
    }
}
