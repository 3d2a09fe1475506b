package io.herald.broker.session;

import io.herald.broker.message.Message;
import io.herald.broker.store.RetainedStore;
import io.herald.broker.topic.Subscription;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Predicate;

/**
 * The retained messages one SUBSCRIBE must send [MQTT-3.3.1-6], sent at the pace the client takes
 * them instead of all at once: never dropped because the connection is busy. It holds the matching
 * topic names only and reads each message when it is its turn (so a message retained meanwhile goes
 * out in its newest version); it sends while the connection is writable and, for QoS 1/2, while the
 * session's queue has room, at most {@link #BATCH} messages per turn so that other sessions of the
 * loop are not held up; the connection resumes it when it becomes writable or the client acknowledges.
 * Memory per subscription: the list of matching topic names.
 *
 * <p>Threads: the session's loop.
 */
public final class RetainedReplay {

    /** What a turn achieved. */
    public enum Progress {
        /** Every message sent (or the session went offline: a new subscription replays them again). */
        DONE,
        /** The connection or the queue is full: to be resumed when it drains. */
        BLOCKED,
        /** A batch sent: the rest in a later turn of the loop. */
        YIELDED
    }

    static final int BATCH = 256;
    /** QoS 1/2 retained messages wait while the session's queue holds this many. */
    static final int QUEUE_ROOM = 64;

    private final Session session;
    private final Subscription sub;
    private final List<Integer> subscriptionIds;
    private final Predicate<String> allowed;
    private final ArrayDeque<String> topics;

    /**
     * @param allowed whether the subscriber may receive a topic (subscriptions that overlap a deny)
     */
    public RetainedReplay(Session session, Subscription sub, List<String> topics, Predicate<String> allowed) {
        this.session = session;
        this.sub = sub;
        this.subscriptionIds = sub.subscriptionId() > 0 ? List.of(sub.subscriptionId()) : List.of();
        this.allowed = allowed;
        this.topics = new ArrayDeque<>(topics);
    }

    /** Sends what the client can take now. Session loop. */
    public Progress send(Delivery delivery, RetainedStore retained) {
        for (int sent = 0; sent < BATCH; sent++) {
            String topic = topics.peek();
            if (topic == null || session.owner() == null || session.discarded()) {
                return Progress.DONE;
            }
            Message m = retained.get(topic);
            int qos = m == null ? 0 : Math.min(m.qos(), sub.qos());
            if (!delivery.canTake(session, qos)) {
                return Progress.BLOCKED;
            }
            topics.poll();
            if (m != null && allowed.test(topic)) {
                // [MQTT-3.3.1-8] retained messages sent on subscribe carry the retain flag
                delivery.deliverAdmitted(session, m.forSubscriber(qos, true, subscriptionIds));
            }
        }
        return topics.isEmpty() ? Progress.DONE : Progress.YIELDED;
    }
}
