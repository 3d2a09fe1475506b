package io.herald.broker.route;

import io.herald.broker.message.Message;
import io.herald.broker.message.MessageProperties;
import io.herald.broker.message.Payload;
import io.herald.broker.publish.FanoutOutcome;
import io.herald.broker.publish.FanoutRequest;
import io.herald.broker.session.Delivery;
import io.herald.broker.session.Session;
import io.herald.broker.store.SessionStore;
import io.herald.broker.topic.TopicIndex;
import io.netty.channel.EventLoop;
import java.time.Clock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Routes one payload to many topics as one fan-out ({@link FanoutRequest}): every topic is matched
 * against the index (lock-free), the resulting deliveries are grouped by owning event loop, and each
 * loop gets one task for all of them; one store sync makes the whole fan-out durable. Subscription
 * rules as {@link Router} (see {@link Targets}): highest granted QoS per session and topic with all
 * subscription identifiers [MQTT-3.3.4-3], one member per share group [MQTT5-4.8.2], filtered
 * subscriptions checked per topic. The messages are the broker's (no publisher), so No Local never applies.
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
        // a heap payload: shared by every delivery and every loop's task without reference counting
        Payload payload = Payload.of(request.payload());
        Map<EventLoop, List<Target>> byLoop = new IdentityHashMap<>(4); // few loops: one per core
        boolean mustSync = false;
        int matched = 0;
        for (String topic : request.topics()) {
            Message message = new Message(topic, payload, request.qos(), false, "", now, expiresAt, props,
                    request.trackingId());
            Targets targets = new Targets(message);
            index.match(topic, targets, targets);
            for (int i = 0; i < targets.size(); i++) {
                Target t = targets.get(i);
                byLoop.computeIfAbsent(t.session.loop(), l -> new ArrayList<>()).add(t);
                mustSync |= t.qos() > 0 && t.session.persistent();
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
}
