package io.herald.broker.auth;

import java.util.function.Supplier;

/**
 * The broker-wide access check that applies to every client on top of its credential's own
 * {@link Permissions}: the server's ACL file. A client must pass both.
 *
 * <p>Called on event loops for every PUBLISH and SUBSCRIBE, and for every delivery through a
 * subscription granted {@link SubscribeDecision#GRANTED_FILTERED}: it must be fast and non-blocking
 * (decide from memory). Thread-safe. When its rules change, call {@code Broker.recheckAuthorizer()} so
 * existing subscriptions are checked again.
 */
public interface Authorizer {

    boolean canPublish(ClientIdentity client, String topic);

    boolean canSubscribe(ClientIdentity client, String filter);

    /**
     * Whether and how {@code client} may subscribe to {@code filter}; see {@link SubscribeDecision}. By
     * default {@link #canSubscribe} without filtering.
     */
    default SubscribeDecision subscribe(ClientIdentity client, String filter) {
        return canSubscribe(client, filter) ? SubscribeDecision.GRANTED : SubscribeDecision.DENIED;
    }

    /**
     * Whether a message on {@code topic} may be delivered to {@code client} through a subscription
     * granted {@link SubscribeDecision#GRANTED_FILTERED}. By default yes.
     */
    default boolean canReceive(ClientIdentity client, String topic) {
        return true;
    }

    /** Allows every topic to everyone. */
    static Authorizer allowAll() {
        return AllowAll.INSTANCE;
    }

    /**
     * Decides with the {@link Permissions} that {@code current} returns at each call: an ACL file that
     * is replaced whole on reload compiles onto the same rule engine as a credential's ACL.
     */
    static Authorizer of(Supplier<Permissions> current) {
        return new Authorizer() {
            @Override
            public boolean canPublish(ClientIdentity client, String topic) {
                return current.get().canPublish(client, topic);
            }

            @Override
            public boolean canSubscribe(ClientIdentity client, String filter) {
                return subscribe(client, filter) != SubscribeDecision.DENIED;
            }

            @Override
            public SubscribeDecision subscribe(ClientIdentity client, String filter) {
                return current.get().subscribe(client, filter);
            }

            @Override
            public boolean canReceive(ClientIdentity client, String topic) {
                return current.get().canReceive(client, topic);
            }
        };
    }

    /** The authorizer that allows everything; a singleton, so the broker can skip asking it. */
    final class AllowAll implements Authorizer {
        static final AllowAll INSTANCE = new AllowAll();

        private AllowAll() {}

        @Override
        public boolean canPublish(ClientIdentity client, String topic) {
            return true;
        }

        @Override
        public boolean canSubscribe(ClientIdentity client, String filter) {
            return true;
        }
    }
}
