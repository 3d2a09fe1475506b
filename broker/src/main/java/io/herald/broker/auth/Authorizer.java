package io.herald.broker.auth;

/**
 * Decides which topics a client may publish to and which filters it may subscribe to.
 *
 * <p>Called on event loops for every PUBLISH and SUBSCRIBE: it must be fast and non-blocking
 * (decide from memory). Thread-safe.
 */
public interface Authorizer {

    boolean canPublish(ClientIdentity client, String topic);

    boolean canSubscribe(ClientIdentity client, String filter);

    /** Allows every topic to everyone. */
    static Authorizer allowAll() {
        return new Authorizer() {
            @Override
            public boolean canPublish(ClientIdentity client, String topic) {
                return true;
            }

            @Override
            public boolean canSubscribe(ClientIdentity client, String filter) {
                return true;
            }
        };
    }
}
