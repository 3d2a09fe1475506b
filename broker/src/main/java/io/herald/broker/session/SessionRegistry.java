package io.herald.broker.session;

import io.herald.broker.store.SessionRecord;
import io.herald.broker.store.SessionStore;
import io.herald.broker.topic.Subscription;
import io.herald.broker.topic.TopicIndex;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Client id → session, and client id → owning event loop. One of the cluster seams: a distributed
 * registry replaces this one behind the same methods.
 *
 * <p>Threads: the map is concurrent for lookups from anywhere; a client id's session is created,
 * replaced and removed only on that client id's loop ({@link #loopFor}), so two connections with the
 * same client id are serialised there [MQTT-3.1.4-2].
 */
public final class SessionRegistry {

    /** What attaching a connection to a client id produced. */
    public record Attached(Session session, boolean sessionPresent) {}

    private final ConcurrentMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final EventLoop[] loops;
    private final SessionStore store;
    private final TopicIndex<Session> index;

    public SessionRegistry(List<EventLoop> loops, SessionStore store, TopicIndex<Session> index) {
        this.loops = loops.toArray(new EventLoop[0]);
        this.store = store;
        this.index = index;
    }

    /** The event loop that owns every session of {@code clientId}. */
    public EventLoop loopFor(String clientId) {
        return loops[Math.floorMod(clientId.hashCode(), loops.length)];
    }

    public Session get(String clientId) {
        return sessions.get(clientId);
    }

    public int size() {
        return sessions.size();
    }

    /**
     * Attaches {@code owner} to the session of {@code clientId}. An existing connection is closed
     * [MQTT-3.1.4-2]. With {@code cleanSession} any previous state is discarded and the new session
     * ends with the connection [MQTT-3.1.2-6]; without it the previous session resumes
     * [MQTT-3.1.2-4]. Runs on {@code loopFor(clientId)}.
     */
    public Attached attach(String clientId, boolean cleanSession, SessionOwner owner) {
        Session existing = sessions.get(clientId);
        if (existing != null && existing.owner() != null) {
            SessionOwner previous = existing.owner();
            existing.detach();
            previous.takenOver();
        }
        if (existing != null && !cleanSession && existing.persistent()) {
            existing.attach(owner);
            return new Attached(existing, true);
        }
        if (existing != null) {
            discard(existing);
        }
        Session fresh = new Session(clientId, loopFor(clientId), !cleanSession, store);
        sessions.put(clientId, fresh);
        fresh.attach(owner);
        if (!cleanSession) {
            persist(fresh);
        }
        return new Attached(fresh, false);
    }

    /**
     * Brings back a persistent session found in the store at start, offline, with its subscriptions.
     * Runs on {@code loopFor(record.clientId())}.
     */
    public void restore(SessionRecord record) {
        Session session = new Session(record.clientId(), loopFor(record.clientId()), true, store);
        session.recover();
        for (Subscription sub : record.subscriptions()) {
            session.subscriptions().put(sub.filter(), sub);
            index.subscribe(session, sub);
        }
        sessions.put(record.clientId(), session);
    }

    /**
     * The connection of {@code owner} ended: a clean session ends with it [MQTT-3.1.2-6], a persistent
     * one stays to collect messages. Nothing happens if another connection has taken the session over.
     * Runs on the session's loop.
     */
    public void detach(Session session, SessionOwner owner) {
        if (session.owner() != owner) {
            return;
        }
        session.detach();
        if (!session.persistent()) {
            discard(session);
        }
    }

    /** Saves the subscriptions of a persistent session. Runs on the session's loop. */
    public void persist(Session session) {
        if (session.persistent() && !session.discarded()) {
            store.save(new SessionRecord(session.clientId(), SessionRecord.NEVER_EXPIRES,
                    new ArrayList<>(session.subscriptionList())));
        }
    }

    private void discard(Session session) {
        for (Subscription s : session.subscriptionList()) {
            index.unsubscribe(s.filter(), session.clientId());
        }
        sessions.remove(session.clientId(), session);
        store.remove(session.clientId());
        session.discard();
    }
}
