package io.herald.broker.route;

import io.herald.broker.message.Message;
import io.herald.broker.session.Session;
import io.herald.broker.topic.Subscription;
import io.herald.broker.topic.TopicIndex;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The sessions one message reaches, one {@link Target} each, collected from the matches of the topic
 * index (it is both of {@link TopicIndex#match}'s callbacks): a subscription passes unless it is the
 * publisher's own with MQTT 5 No Local [MQTT-3.8.3-3] or granted filtered and the topic is denied to its
 * client; a share group adds the member {@link SharedChoice} picks [MQTT5-4.8.2].
 *
 * <p>Most messages reach one session, so the first target is kept in a field and nothing else is
 * allocated; a list is made for a second one, and a map by session once there are more than
 * {@value #SCAN} (below that a scan of the list is cheaper).
 *
 * <p>Threads: owned by the thread that routes the message.
 */
final class Targets implements BiConsumer<Session, Subscription>, Consumer<TopicIndex.SharedGroup<Session>> {

    private static final int SCAN = 16;

    private final Message message;
    private Target first;
    private List<Target> all; // null while there is at most one target
    private Map<Session, Target> bySession; // null while there are at most SCAN targets

    Targets(Message message) {
        this.message = message;
    }

    @Override
    public void accept(Session session, Subscription sub) {
        // MQTT 5 No Local [MQTT-3.8.3-3]: never back to the publisher through this subscription; a
        // subscription granted filtered passes only the topics its client may receive
        if (!(sub.noLocal() && session.clientId().equals(message.publisherId()))
                && (!sub.filtered() || session.mayReceive(message.topic()))) {
            target(session).add(sub);
        }
    }

    @Override
    public void accept(TopicIndex.SharedGroup<Session> group) {
        TopicIndex.Entry<Session> chosen = SharedChoice.choose(group, message.topic());
        if (chosen != null) {
            target(chosen.subscriber()).add(chosen.subscription());
        }
    }

    int size() {
        return all != null ? all.size() : first != null ? 1 : 0;
    }

    /** The targets, in the order the sessions were first matched; not to be changed. */
    List<Target> list() {
        return all != null ? all : first != null ? List.of(first) : List.of();
    }

    /** The target {@code i}, in the order the sessions were first matched. */
    Target get(int i) {
        return all != null ? all.get(i) : first;
    }

    private Target target(Session session) {
        if (first == null) {
            first = new Target(session, message);
            return first;
        }
        if (first.session == session) {
            return first;
        }
        if (all == null) {
            all = new ArrayList<>(4);
            all.add(first);
        }
        Target t = find(session);
        if (t == null) {
            t = new Target(session, message);
            all.add(t);
            if (bySession != null) {
                bySession.put(session, t);
            } else if (all.size() > SCAN) {
                bySession = new IdentityHashMap<>(2 * SCAN);
                for (Target each : all) {
                    bySession.put(each.session, each);
                }
            }
        }
        return t;
    }

    private Target find(Session session) {
        if (bySession != null) {
            return bySession.get(session);
        }
        for (int i = 1; i < all.size(); i++) {
            if (all.get(i).session == session) {
                return all.get(i);
            }
        }
        return null;
    }
}
