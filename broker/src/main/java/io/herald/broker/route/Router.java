package io.herald.broker.route;

import io.herald.broker.message.Message;
import io.herald.broker.session.Delivery;
import io.herald.broker.session.Session;
import io.herald.broker.store.RetainedStore;
import io.herald.broker.store.SessionStore;
import io.herald.broker.topic.Subscription;
import io.herald.broker.topic.TopicIndex;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Routes an application message to every matching subscription: updates the retained store, matches
 * the topic index, keeps one delivery per session at the highest granted QoS [MQTT-3.3.5-1], and hands
 * each owning event loop one task with all of its sessions. The payload is shared, never copied.
 *
 * <p>Durability: the stage {@link #route} returns completes once the message is safe, that is, once
 * every persistent session that must receive it at QoS 1/2 has it journalled and the store has
 * synced. Only then may the publisher be acknowledged.
 *
 * <p>Threads: {@link #route} may be called from any thread (it reads the index without locks);
 * deliveries run on each session's loop.
 */
public final class Router {

    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final TopicIndex<Session> index;
    private final RetainedStore retained;
    private final Delivery delivery;
    private final SessionStore store;

    public Router(TopicIndex<Session> index, RetainedStore retained, Delivery delivery, SessionStore store) {
        this.index = index;
        this.retained = retained;
        this.delivery = delivery;
        this.store = store;
    }

    /**
     * Publishes {@code message} as the broker received it (retain flag as sent by its publisher).
     *
     * @return completes when the message is durable wherever it must be (at once when nothing persists it)
     */
    public CompletionStage<Void> route(Message message) {
        if (message.retain()) {
            if (message.payload().length == 0) {
                retained.remove(message.topic()); // [MQTT-3.3.1-10]
            } else {
                retained.put(message); // [MQTT-3.3.1-5]
            }
        }
        boolean mustSync = message.qos() > 0 && message.retain();
        Map<Session, Subscription> best = new HashMap<>();
        index.match(message.topic(), (session, sub) -> best.merge(session, sub, Router::higherQos));
        if (best.isEmpty()) {
            return mustSync ? store.sync() : DONE;
        }
        Map<EventLoop, List<Target>> byLoop = new IdentityHashMap<>();
        for (Map.Entry<Session, Subscription> e : best.entrySet()) {
            Session session = e.getKey();
            Subscription sub = e.getValue();
            if (sub.noLocal() && session.clientId().equals(message.publisherId())) {
                continue; // MQTT 5 No Local [MQTT-3.8.3-3]
            }
            // [MQTT-3.3.1-9] retain is cleared when forwarding to an existing subscription (MQTT 5 may keep it)
            Message out = message.withDelivery(Math.min(message.qos(), sub.qos()),
                    sub.retainAsPublished() && message.retain());
            byLoop.computeIfAbsent(session.loop(), l -> new ArrayList<>()).add(new Target(session, out));
            // a persistent session may be offline or its connection may drop before it acknowledges
            mustSync |= out.qos() > 0 && session.persistent();
        }
        List<CompletableFuture<Void>> pending = mustSync ? new ArrayList<>(byLoop.size()) : List.of();
        for (Map.Entry<EventLoop, List<Target>> e : byLoop.entrySet()) {
            EventLoop loop = e.getKey();
            List<Target> targets = e.getValue();
            if (loop.inEventLoop()) {
                deliverAll(targets);
            } else if (mustSync) {
                CompletableFuture<Void> delivered = new CompletableFuture<>();
                pending.add(delivered);
                loop.execute(() -> {
                    deliverAll(targets);
                    delivered.complete(null);
                });
            } else {
                loop.execute(() -> deliverAll(targets));
            }
        }
        if (!mustSync) {
            return DONE;
        }
        if (pending.isEmpty()) {
            return store.sync();
        }
        return CompletableFuture.allOf(pending.toArray(new CompletableFuture[0])).thenCompose(v -> store.sync());
    }

    private void deliverAll(List<Target> targets) {
        for (Target t : targets) {
            delivery.deliver(t.session, t.message);
        }
    }

    private static Subscription higherQos(Subscription a, Subscription b) {
        return b.qos() > a.qos() ? b : a;
    }

    private record Target(Session session, Message message) {}
}
