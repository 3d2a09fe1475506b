package io.herald.broker.session;

import io.herald.broker.message.Message;
import io.herald.broker.store.RetainedCursor;
import io.herald.broker.store.RetainedStore;
import io.herald.broker.topic.Subscription;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Predicate;

/**
 * The retained messages one SUBSCRIBE must send [MQTT-3.3.1-6], found and sent a bounded piece per turn
 * of the loop and at the pace the client takes them: never dropped because the connection is busy,
 * never holding the loop long enough to stall its other clients. It walks the retained index with a
 * {@link RetainedCursor} (at most {@link #STEPS} index nodes per turn) and holds at most {@link #BATCH}
 * found topic names; it reads each message when it is its turn, so a message retained meanwhile goes
 * out in its newest version and one cleared meanwhile is skipped. It sends while the connection is
 * writable and, for QoS 1/2, while the session's queue has room, at most {@link #BATCH} messages and
 * {@link #TURN_NANOS} per turn; the connection resumes it when it becomes writable or the client
 * acknowledges. Memory per subscription: the cursor's path (one frame per topic level) and up to
 * {@link #BATCH} names.
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
        /** A batch found or sent: the rest in a later turn of the loop, after its I/O. */
        YIELDED
    }

    /**
     * Messages sent per turn at most, and names found per turn at most: one flush per this many. See
     * docs/benchmarks.md, "Retained at scale", for the measurements behind the three bounds.
     */
    static final int BATCH = 64;
    /** Index nodes visited per turn at most. */
    static final int STEPS = 4_096;
    /**
     * A turn that has sent for this long ends early (checked every {@link #CLOCK_EVERY} messages): big
     * messages, a busy CPU.
     */
    static final long TURN_NANOS = 1_000_000;
    private static final int CLOCK_EVERY = 16;
    /** QoS 1/2 retained messages wait while the session's queue holds this many. */
    static final int QUEUE_ROOM = 64;

    private final Session session;
    private final Subscription sub;
    private final List<Integer> subscriptionIds;
    private final Predicate<String> allowed;
    private final RetainedCursor cursor;
    /** Topic names found and not sent yet: at most {@link #BATCH}. */
    private final ArrayDeque<String> found = new ArrayDeque<>();
    private boolean searching = true;
    private boolean turnScheduled;

    /**
     * @param cursor the walk over the topics that match the subscription's filter
     * @param allowed whether the subscriber may receive a topic (subscriptions that overlap a deny)
     */
    public RetainedReplay(Session session, Subscription sub, RetainedCursor cursor, Predicate<String> allowed) {
        this.session = session;
        this.sub = sub;
        this.subscriptionIds = sub.subscriptionId() > 0 ? List.of(sub.subscriptionId()) : List.of();
        this.allowed = allowed;
        this.cursor = cursor;
    }

    /** Whether the connection scheduled this replay's next turn (and need not run one now). */
    public boolean turnScheduled() {
        return turnScheduled;
    }

    public void turnScheduled(boolean value) {
        turnScheduled = value;
    }

    /** Finds and sends what the client can take now, within one turn's bounds. Session loop. */
    public Progress send(Delivery delivery, RetainedStore retained) {
        boolean searched = false;
        int sent = 0;
        long start = System.nanoTime();
        while (sent < BATCH) {
            if (session.owner() == null || session.discarded()) {
                return Progress.DONE;
            }
            if (sent % CLOCK_EVERY == CLOCK_EVERY - 1 && System.nanoTime() - start > TURN_NANOS) {
                return Progress.YIELDED;
            }
            String topic = found.peek();
            if (topic == null) {
                if (!searching) {
                    return Progress.DONE;
                }
                if (searched) {
                    return Progress.YIELDED;
                }
                searching = cursor.advance(found::add, BATCH, STEPS);
                searched = true;
                continue;
            }
            Message m = retained.get(topic);
            int qos = m == null ? 0 : Math.min(m.qos(), sub.qos());
            if (!delivery.canTake(session, qos)) {
                return Progress.BLOCKED;
            }
            found.poll();
            sent++;
            if (m != null && allowed.test(topic)) {
                // [MQTT-3.3.1-8] retained messages sent on subscribe carry the retain flag
                delivery.deliverAdmitted(session, m.forSubscriber(qos, true, subscriptionIds));
            }
        }
        return found.isEmpty() && !searching ? Progress.DONE : Progress.YIELDED;
    }
}
