package io.herald.broker.route;

import io.herald.broker.message.Message;
import io.herald.broker.session.Session;
import io.herald.broker.topic.Subscription;
import java.util.ArrayList;
import java.util.List;

/**
 * The subscriptions of one session that one message matched, merged into one delivery: the highest
 * granted QoS and the identifiers of all of them [MQTT-3.3.4-3].
 *
 * <p>Threads: filled by the thread that routes the message, then handed to the session's loop (through
 * its task queue, which publishes it), which only reads it.
 */
final class Target {

    final Session session;
    private final Message message;
    private int qos = -1;
    private boolean retainAsPublished;
    private List<Integer> subscriptionIds = List.of();

    Target(Session session, Message message) {
        this.session = session;
        this.message = message;
    }

    void add(Subscription sub) {
        qos = Math.max(qos, Math.min(message.qos(), sub.qos()));
        retainAsPublished |= sub.retainAsPublished();
        if (sub.subscriptionId() > 0) {
            if (subscriptionIds.isEmpty()) {
                subscriptionIds = new ArrayList<>(2);
            }
            subscriptionIds.add(sub.subscriptionId());
        }
    }

    /** The QoS the session gets the message at. */
    int qos() {
        return qos;
    }

    /** [MQTT-3.3.1-9] retain is cleared when forwarding, unless MQTT 5 Retain As Published asks otherwise. */
    Message message() {
        return message.forSubscriber(qos, retainAsPublished && message.retain(), subscriptionIds);
    }
}
