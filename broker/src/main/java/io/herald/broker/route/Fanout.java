package io.herald.broker.route;

import io.herald.broker.message.Message;
import io.herald.broker.message.MessageProperties;
import io.herald.broker.publish.FanoutOutcome;
import io.herald.broker.publish.FanoutRequest;
import io.herald.broker.session.Delivery;
import io.herald.broker.session.Session;
import io.herald.broker.store.SessionStore;
import io.herald.broker.topic.Subscription;
import io.herald.broker.topic.TopicIndex;
import io.netty.channel.EventLoop;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Routes one payload to many topics as one fan-out ({@link FanoutRequest}): every topic is matched
 * against the index (lock-free), the resulting deliveries are grouped by owning event loop, and each
 * loop gets one task for all of them; one store sync makes the whole fan-out durable. Subscription
 * rules as {@link Router}: highest granted QoS per session and topic with all subscription identifiers
 * [MQTT-3.3.4-3], one member per share group [MQTT5-4.8.2], filtered subscriptions checked per topic.
 *
 * <p>Threads: {@link #route} may be called from any thread; deliveries run on each session's loop.
 * Stateless.
 */
public final class Fanout {

    private final TopicIndex<Session> index;
    private final Delivery delivery;
    private final SessionStore store;
    private final Clock clock;

    public Fanout(TopicIndex<Session> index, Delivery delivery, SessionStore store, Clock clock) {
        this.index = index;
        this.delivery = delivery;
        this.store = store;
        this.clock = clock;
    }

    public FanoutOutcome route(FanoutRequest request) {
        long now = clock.millis();
        long expiresAt = request.messageExpirySeconds() == null ? Message.NEVER
                : now + request.messageExpirySeconds() * 1000;
        MessageProperties props = request.contentType() == null && request.payloadUtf8() == null
                ? MessageProperties.NONE
                : new MessageProperties(request.payloadUtf8() == null ? -1 : request.payloadUtf8() ? 1 : 0,
                        request.contentType(), null, null, List.of(), List.of());
        byte[] payload = request.payload(); // shared by every delivery, never modified
        Map<EventLoop, List<Target>> byLoop = new IdentityHashMap<>();
        boolean mustSync = false;
        int matched = 0;
        for (String topic : request.topics()) {
            Message message = new Message(topic, payload, request.qos(), false, "", now, expiresAt, props,
                    request.trackingId());
            Map<Session, Target> targets = new HashMap<>(4);
            index.match(topic, (session, sub) -> {
                if (!sub.filtered() || session.mayReceive(topic)) {
                    targets.computeIfAbsent(session, s -> new Target(s, message)).add(sub);
                }
            }, group -> {
                TopicIndex.Entry<Session> chosen = SharedChoice.choose(group, topic);
                if (chosen != null) {
                    targets.computeIfAbsent(chosen.subscriber(), s -> new Target(s, message)).add(chosen.subscription());
                }
            });
            for (Target t : targets.values()) {
                byLoop.computeIfAbsent(t.session.loop(), l -> new ArrayList<>()).add(t);
                mustSync |= t.qos > 0 && t.session.persistent();
            }
            matched += targets.size();
        }
        List<CompletableFuture<Void>> delivered = new ArrayList<>(byLoop.size());
        for (Map.Entry<EventLoop, List<Target>> e : byLoop.entrySet()) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            delivered.add(done);
            List<Target> list = e.getValue();
            e.getKey().execute(() -> {
                try {
                    for (Target t : list) {
                        delivery.deliver(t.session, t.message());
                    }
                } finally {
                    done.complete(null);
                }
            });
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(delivered.toArray(new CompletableFuture[0]));
        return new FanoutOutcome(matched, mustSync ? all.thenCompose(v -> store.sync()) : all);
    }

    /** The subscriptions of one session that one topic matched, merged into one delivery. */
    private static final class Target {
        final Session session;
        final Message message;
        int qos = -1;
        List<Integer> subscriptionIds = List.of();

        Target(Session session, Message message) {
            this.session = session;
            this.message = message;
        }

        void add(Subscription sub) {
            qos = Math.max(qos, Math.min(message.qos(), sub.qos()));
            if (sub.subscriptionId() > 0) {
                if (subscriptionIds.isEmpty()) {
                    subscriptionIds = new ArrayList<>(2);
                }
                subscriptionIds.add(sub.subscriptionId());
            }
        }

        Message message() {
            return message.forSubscriber(qos, false, subscriptionIds);
        }
    }
}
