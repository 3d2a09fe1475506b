package io.herald.client.internal;

import io.herald.client.Subscription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subscriptions the server granted, by filter, to renew after a reconnect that found no session.
 *
 * <p>Threads: owned by the client's event loop.
 */
final class SubscriptionRegistry {

    private final Map<String, Subscription> byFilter = new LinkedHashMap<>();

    /** Records the subscriptions whose SUBACK code granted them. */
    void granted(List<Subscription> requested, List<Integer> codes) {
        for (int i = 0; i < requested.size() && i < codes.size(); i++) {
            if (codes.get(i) < 0x80) {
                byFilter.put(requested.get(i).filter(), requested.get(i));
            } else {
                byFilter.remove(requested.get(i).filter());
            }
        }
    }

    void removeAll(List<String> filters) {
        filters.forEach(byFilter::remove);
    }

    List<Subscription> all() {
        return new ArrayList<>(byFilter.values());
    }

    boolean isEmpty() {
        return byFilter.isEmpty();
    }

    void clear() {
        byFilter.clear();
    }
}
