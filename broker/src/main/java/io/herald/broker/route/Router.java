package io.herald.broker.route;

import io.herald.broker.message.Message;
import io.herald.broker.publish.PublishRefusedException;
import io.herald.broker.session.Delivery;
import io.herald.broker.session.Session;
import io.herald.broker.store.RetainedStore;
import io.herald.broker.store.SessionStore;
import io.herald.broker.store.StoreException;
import io.herald.broker.topic.Subscription;
import io.herald.broker.topic.TopicIndex;
import io.herald.broker.topic.Topics;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Routes an application message to every matching subscription: updates the retained store, matches
 * the topic index, keeps one delivery per session at the highest granted QoS with the identifiers of
 * all its matching subscriptions [MQTT-3.3.4-3], picks one member per share group [MQTT5-4.8.2],
 * delivers to the sessions of its own loop at once and hands those of other loops over at the end of
 * the turn, with the rest of the turn's deliveries there ({@link LoopHandoff}). The payload is shared,
 * never copied: {@link #route} borrows the message, and a batch handed to another loop holds a
 * reference to its payload until it ran (see {@link io.herald.broker.message.Payload}).
 *
 * <p>Durability: the stage in the {@link Routed} result completes once the message is safe, that is,
 * once every persistent session that must receive it at QoS 1/2 has it journalled and the store has
 * synced. Only then may the publisher be acknowledged. When the store cannot write (the retained copy,
 * or a session's queue or in-flight record), the stage fails instead; the others still get the message.
 *
 * <p>Threads: {@link #route} may be called from any thread (it reads the index without locks);
 * deliveries run on each session's loop.
 */
public final class Router {

    /**
     * Where a message went: how many sessions, and when it is durable; or, from the {@link Ingress}, why
     * it was refused.
     *
     * @param refused null when the message was routed
     */
    public record Routed(int sessions, CompletionStage<Void> durable, PublishRefusedException.Reason refused) {

        Routed(int sessions, CompletionStage<Void> durable) {
            this(sessions, durable, null);
        }

        static Routed refused(PublishRefusedException.Reason reason) {
            return new Routed(0, DONE, reason);
        }
    }

    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);
    private static final Routed NOWHERE = new Routed(0, DONE);
    /** The results of messages that need not be made durable, by number of sessions reached. */
    private static final Routed[] DELIVERED = new Routed[16];

    static {
        for (int i = 0; i < DELIVERED.length; i++) {
            DELIVERED[i] = new Routed(i, DONE);
        }
    }

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
     * Publishes {@code message} as the broker received it (retain flag as sent by its publisher). Only the
     * {@link Ingress} calls this: it has checked the message's origin. A store that cannot write fails
     * the result's durable stage; nothing is thrown.
     */
    Routed route(Message message) {
        StoreException failed = null;
        if (message.retain()) {
            try {
                if (message.payload().length() == 0) {
                    retained.remove(message.topic()); // [MQTT-3.3.1-10]
                } else {
                    retained.put(message); // [MQTT-3.3.1-5]
                }
            } catch (StoreException e) {
                failed = e; // still delivered to who is subscribed now; the publisher learns it was not kept
            }
        }
        Targets targets = new Targets(message);
        index.match(message.topic(), targets, targets);
        boolean mustSync = message.qos() > 0 && message.retain();
        int sessions = targets.size();
        if (sessions == 0) {
            return failed != null ? new Routed(0, CompletableFuture.failedFuture(failed))
                    : mustSync ? new Routed(0, store.sync()) : NOWHERE;
        }
        EventLoop loop = targets.get(0).session.loop();
        boolean oneLoop = true;
        for (int i = 0; i < sessions; i++) {
            Target t = targets.get(i);
            // a persistent session may be offline or its connection may drop before it acknowledges
            mustSync |= t.qos() > 0 && t.session.persistent();
            oneLoop &= t.session.loop() == loop;
        }
        List<CompletableFuture<Void>> pending = mustSync ? new ArrayList<>(2) : null;
        StoreException lost = oneLoop ? dispatch(loop, message, targets.list(), pending)
                : dispatchByLoop(message, targets, pending);
        failed = failed != null ? failed : lost;
        if (failed != null) {
            return new Routed(sessions, CompletableFuture.failedFuture(failed));
        }
        if (!mustSync) {
            return sessions < DELIVERED.length ? DELIVERED[sessions] : new Routed(sessions, DONE);
        }
        if (pending.isEmpty()) {
            return new Routed(sessions, store.sync());
        }
        return new Routed(sessions,
                CompletableFuture.allOf(pending.toArray(new CompletableFuture[0])).thenCompose(v -> store.sync()));
    }

    /** Delivers to targets on several loops: one batch per loop, as {@link #dispatch}. */
    private StoreException dispatchByLoop(Message message, Targets targets, List<CompletableFuture<Void>> pending) {
        Map<EventLoop, List<Target>> byLoop = new IdentityHashMap<>(4);
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            byLoop.computeIfAbsent(t.session.loop(), l -> new ArrayList<>()).add(t);
        }
        StoreException lost = null;
        for (Map.Entry<EventLoop, List<Target>> e : byLoop.entrySet()) {
            StoreException here = dispatch(e.getKey(), message, e.getValue(), pending);
            lost = lost != null ? lost : here;
        }
        return lost;
    }

    /**
     * Delivers {@code batch} on {@code loop}: right away when this is that loop's thread, else handed over
     * with what else this loop routes there in its turn ({@link LoopHandoff}).
     * When {@code pending} is not null (the message must be durable), a task adds a stage to it that
     * completes once the batch is delivered, or fails with the store's failure.
     *
     * @return the store's failure of a delivery made right away, else null
     */
    private StoreException dispatch(EventLoop loop, Message message, List<Target> batch,
            List<CompletableFuture<Void>> pending) {
        if (loop.inEventLoop()) {
            return deliverAll(batch);
        }
        message.retainPayload(); // until the batch ran on its loop
        if (pending == null) {
            LoopHandoff.send(loop, () -> {
                try {
                    deliverAll(batch);
                } finally {
                    message.releasePayload();
                }
            });
            return null;
        }
        CompletableFuture<Void> delivered = new CompletableFuture<>();
        pending.add(delivered);
        LoopHandoff.send(loop, () -> {
            StoreException lost;
            try {
                lost = deliverAll(batch);
            } finally {
                message.releasePayload();
            }
            if (lost == null) {
                delivered.complete(null);
            } else {
                delivered.completeExceptionally(lost);
            }
        });
        return null;
    }

    /**
     * Sends QoS 1/2 messages that a share-group member left unacknowledged when its connection ended to
     * other members of the same group [MQTT5-4.8.2]. Messages for which no other member exists stay
     * dropped (they were counted when taken back). Takes over the caller's reference to each message's
     * payload. Runs on {@code from}'s loop.
     */
    public void redistribute(Session from, List<Message> orphans) {
        for (Message m : orphans) {
            try {
                redistribute(from, m);
            } finally {
                m.releasePayload();
            }
        }
    }

    private void redistribute(Session from, Message m) {
        for (Subscription own : from.subscriptionList()) {
            if (own.shareGroup() == null || !Topics.matches(own.topicFilter(), m.topic())) {
                continue;
            }
            TopicIndex.SharedGroup<Session> group = index.group(own.topicFilter(), own.shareGroup());
            TopicIndex.Entry<Session> other = group == null ? null : SharedChoice.choose(group, from, m.topic());
            if (other != null) {
                Target t = new Target(other.subscriber(), m.forSubscriber(m.qos(), false, List.of()));
                t.add(other.subscription());
                m.retainPayload(); // until delivered on the other member's loop
                other.subscriber().loop().execute(() -> {
                    try {
                        delivery.deliver(t.session, t.message());
                    } finally {
                        m.releasePayload();
                    }
                });
            }
            break;
        }
    }

    /**
     * Delivers to each target; a store that cannot write does not stop the others. Returns the store's
     * failure when a session could not keep the message, else null.
     */
    private StoreException deliverAll(List<Target> targets) {
        StoreException failed = null;
        for (Target t : targets) {
            try {
                delivery.deliver(t.session, t.message());
            } catch (StoreException e) {
                failed = e;
            }
        }
        return failed;
    }
}
