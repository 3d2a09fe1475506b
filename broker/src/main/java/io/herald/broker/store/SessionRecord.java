package io.herald.broker.store;

import io.herald.broker.topic.Subscription;
import java.util.List;

/**
 * What a store keeps of a persistent session besides its queue.
 *
 * @param expiryIntervalSeconds seconds the session lives after its connection closes; {@code 0xFFFFFFFFL}
 *     (MQTT 3 persistent sessions) means never
 */
public record SessionRecord(String clientId, long expiryIntervalSeconds, List<Subscription> subscriptions) {

    public static final long NEVER_EXPIRES = 0xFFFF_FFFFL;

    public SessionRecord {
        subscriptions = List.copyOf(subscriptions);
    }
}
