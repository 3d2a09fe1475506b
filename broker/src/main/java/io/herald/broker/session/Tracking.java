package io.herald.broker.session;

import io.herald.broker.message.Message;
import io.herald.broker.publish.DeliveryTracker;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracking id → {@link DeliveryTracker}, and the reports {@link Delivery} makes for tracked messages.
 * A message whose tracking id is not (or no longer) registered is not reported.
 *
 * <p>Threads: the map is concurrent; reports run on the session loops, registrations on any thread.
 */
public final class Tracking {

    private static final Logger log = LoggerFactory.getLogger(Tracking.class);

    private final ConcurrentMap<String, DeliveryTracker> trackers = new ConcurrentHashMap<>();

    /** Registers {@code tracker} under {@code id}; false when the id is taken. Any thread. */
    public boolean register(String id, DeliveryTracker tracker) {
        return trackers.putIfAbsent(id, tracker) == null;
    }

    /** Forgets the tracker of {@code id}. Any thread. */
    public void unregister(String id) {
        trackers.remove(id);
    }

    void queued(Message m, String clientId) {
        DeliveryTracker t = of(m);
        if (t != null) {
            safely(() -> t.queued(clientId));
        }
    }

    void sent(Message m, String clientId) {
        DeliveryTracker t = of(m);
        if (t != null) {
            safely(() -> t.sent(clientId));
        }
    }

    void acknowledged(Message m, String clientId) {
        DeliveryTracker t = of(m);
        if (t != null) {
            safely(() -> t.acknowledged(clientId));
        }
    }

    void dropped(Message m, String clientId, DeliveryTracker.Drop reason) {
        DeliveryTracker t = of(m);
        if (t != null) {
            safely(() -> t.dropped(clientId, reason));
        }
    }

    private DeliveryTracker of(Message m) {
        return m.trackingId() == null ? null : trackers.get(m.trackingId());
    }

    private static void safely(Runnable report) {
        try {
            report.run();
        } catch (RuntimeException e) {
            log.warn("a delivery tracker failed", e);
        }
    }
}
