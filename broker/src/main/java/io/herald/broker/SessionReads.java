package io.herald.broker;

import io.herald.broker.message.Message;
import io.herald.broker.session.Session;
import io.herald.broker.session.SessionOwner;
import io.herald.broker.session.SessionRegistry;
import io.herald.broker.store.RetainedStore;
import io.herald.broker.topic.Subscription;
import io.herald.broker.topic.Topics;
import io.netty.channel.EventLoop;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Reads of broker state for the platform: sessions are read on the loop that owns them (never from the
 * caller's thread), retained messages from the thread-safe retained store.
 *
 * <p>Threads: any thread may call. Stateless.
 */
final class SessionReads {

    private final SessionRegistry registry;
    private final List<EventLoop> loops;
    private final RetainedStore retained;

    SessionReads(SessionRegistry registry, List<EventLoop> loops, RetainedStore retained) {
        this.registry = registry;
        this.loops = List.copyOf(loops);
        this.retained = retained;
    }

    /** See {@link Broker#sessions()}. */
    CompletionStage<List<SessionInfo>> sessions() {
        List<CompletableFuture<List<SessionInfo>>> parts = new ArrayList<>(loops.size());
        for (EventLoop loop : loops) {
            CompletableFuture<List<SessionInfo>> part = new CompletableFuture<>();
            parts.add(part);
            loop.execute(() -> part.complete(registry.sessionsOn(loop).stream().map(SessionReads::info).toList()));
        }
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture[0])).thenApply(v -> parts.stream()
                .flatMap(p -> p.join().stream()).sorted(Comparator.comparing(SessionInfo::clientId)).toList());
    }

    /** See {@link Broker#session(String)}. */
    CompletionStage<Optional<SessionInfo>> session(String clientId) {
        CompletableFuture<Optional<SessionInfo>> done = new CompletableFuture<>();
        registry.loopFor(clientId).execute(() ->
                done.complete(Optional.ofNullable(registry.get(clientId)).map(SessionReads::info)));
        return done;
    }

    /** See {@link Broker#retained(String, int)}. */
    CompletionStage<List<RetainedMessage>> retained(String filter, int limit) {
        if (!Subscription.isValid(filter) || filter.startsWith("$share/")) {
            throw new IllegalArgumentException("invalid topic filter: '" + filter + "'");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        return CompletableFuture.completedFuture(retained.match(filter).stream()
                .sorted(Comparator.comparing(Message::topic)).limit(limit).map(SessionReads::retainedInfo).toList());
    }

    /** See {@link Broker#retainedMessage(String)}. */
    CompletionStage<Optional<RetainedMessage>> retainedMessage(String topic) {
        checkTopic(topic);
        return CompletableFuture.completedFuture(retained.match(topic).stream().findFirst()
                .map(SessionReads::retainedInfo));
    }

    /** See {@link Broker#clearRetained(String)}. */
    CompletionStage<Boolean> clearRetained(String topic) {
        checkTopic(topic);
        boolean existed = !retained.match(topic).isEmpty();
        retained.remove(topic);
        return CompletableFuture.completedFuture(existed);
    }

    private static void checkTopic(String topic) {
        if (!Topics.isValidName(topic)) {
            throw new IllegalArgumentException("invalid topic name: '" + topic + "'");
        }
    }

    /** Session loop. */
    private static SessionInfo info(Session s) {
        SessionOwner owner = s.owner();
        List<String> filters = s.subscriptionList().stream().map(Subscription::filter).toList();
        if (owner == null) {
            return new SessionInfo(s.clientId(), s.rights() == null ? null : s.rights().identity().principal(),
                    false, null, 0, null, null, filters, s.waiting(), s.expiryIntervalSeconds());
        }
        return new SessionInfo(s.clientId(), owner.rights().identity().principal(), true, owner.remoteAddress(),
                owner.protocolLevel(), owner.transport(), owner.connectedSince(), filters, s.waiting(),
                s.expiryIntervalSeconds());
    }

    private static RetainedMessage retainedInfo(Message m) {
        return new RetainedMessage(m.topic(), m.payload().length(), m.qos(), Instant.ofEpochMilli(m.createdAtMillis()),
                m.expiresAtMillis() == Message.NEVER ? null : Instant.ofEpochMilli(m.expiresAtMillis()),
                m.properties().contentType(), m.payload().bytes());
    }
}
