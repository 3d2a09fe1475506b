package io.herald.broker.sys;

import io.herald.broker.BrokerCore;
import io.herald.broker.BrokerMetrics.DropReason;
import java.util.EnumMap;
import java.util.Map;

/**
 * One reading of the broker's counters and gauges, the raw material of the {@code $SYS} topics.
 * Immutable.
 *
 * @param received application messages received (counter)
 * @param sent application messages sent (counter)
 * @param connects CONNECT packets answered (counter)
 * @param dropped messages dropped, by reason (counters)
 * @param sessions sessions, online or kept for offline clients
 * @param online sessions with a connection
 * @param subscriptions non-shared subscriptions
 * @param sharedSubscriptions share group memberships
 * @param retained retained messages
 */
record Readings(long nowMillis, long received, long sent, long connects, Map<DropReason, Long> dropped, int sessions,
        int online, int subscriptions, int sharedSubscriptions, int retained) {

    Readings {
        dropped = Map.copyOf(dropped);
    }

    /** Reads {@code core}'s figures now; every source is thread-safe, none blocks. */
    static Readings of(BrokerCore core) {
        Map<DropReason, Long> dropped = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            dropped.put(r, core.metrics().droppedCount(r));
        }
        return new Readings(core.clock().millis(), core.metrics().receivedCount(), core.metrics().sentCount(),
                core.metrics().connectCount(), dropped, core.registry().size(), core.registry().onlineCount(),
                core.index().subscriptionCount(), core.index().sharedSubscriptionCount(), core.retained().size());
    }

    long droppedTotal() {
        long n = 0;
        for (long d : dropped.values()) {
            n += d;
        }
        return n;
    }
}
