package io.herald.broker.session;

import io.herald.broker.message.Message;
import io.herald.broker.store.SessionRecord;
import io.herald.broker.store.SessionStore;
import io.herald.broker.topic.Subscription;
import io.herald.broker.topic.TopicIndex;
import io.netty.channel.EventLoop;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Client id → session, and client id → owning event loop; the lifecycle of sessions across
 * connections: takeover, resumption, expiry and delayed wills. One of the cluster seams: a distributed
 * registry replaces this one behind the same methods.
 *
 * <p>Threads: the map is concurrent for lookups from anywhere; a client id's session is created,
 * replaced and removed only on that client id's loop ({@link #loopFor}), so two connections with the
 * same client id are serialised there [MQTT-3.1.4-2].
 */
public final class SessionRegistry {

    /** What attaching a connection to a client id produced. */
    public record Attached(Session session, boolean sessionPresent) {}

    /** Publishes a due will, authorized against its client's rights at that moment (the ingress). */
    @FunctionalInterface
    public interface WillPublisher {
        void publishWill(Message will, Rights rights);
    }

    private final ConcurrentMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final EventLoop[] loops;
    private final SessionStore store;
    private final TopicIndex<Session> index;
    private final WillPublisher publisher;
    private final Clock clock;

    /**
     * @param publisher publishes wills (the ingress)
     */
    public SessionRegistry(List<EventLoop> loops, SessionStore store, TopicIndex<Session> index,
            WillPublisher publisher, Clock clock) {
        this.loops = loops.toArray(new EventLoop[0]);
        this.store = store;
        this.index = index;
        this.publisher = publisher;
        this.clock = clock;
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

    /** Sessions with a connection attached. Any thread: a snapshot, not exact while clients come and go. */
    public int onlineCount() {
        int n = 0;
        for (Session s : sessions.values()) {
            if (s.online()) {
                n++;
            }
        }
        return n;
    }

    /** The sessions {@code loop} owns, online or not. Runs on {@code loop}. */
    public List<Session> sessionsOn(EventLoop loop) {
        List<Session> own = new ArrayList<>();
        for (Session s : sessions.values()) {
            if (s.loop() == loop) {
                own.add(s);
            }
        }
        return own;
    }

    /**
     * Ends {@code session} now, whether or not a connection is attached: its subscriptions, queue and
     * stored state are removed (a revoked credential's queue must not keep filling). A will held back
     * goes out. Runs on the session's loop.
     */
    public void discard(Session session) {
        if (!session.discarded()) {
            end(session);
        }
    }

    /**
     * Attaches {@code owner} to the session of {@code clientId}. An existing connection is closed
     * [MQTT-3.1.4-2]. With {@code cleanStart} any previous state is discarded [MQTT-3.1.2-4]; without
     * it the previous session resumes [MQTT-3.1.2-5] and a will it held back is dropped
     * [MQTT-3.1.3-9]. Runs on {@code loopFor(clientId)}.
     *
     * @param expiryIntervalSeconds 0 ends the session with the connection (MQTT 3 CleanSession = 1)
     */
    public Attached attach(String clientId, boolean cleanStart, long expiryIntervalSeconds, SessionOwner owner) {
        Session existing = sessions.get(clientId);
        if (existing != null && existing.owner() != null) {
            SessionOwner previous = existing.owner();
            existing.detach();
            previous.takenOver();
        }
        if (existing != null && !cleanStart) {
            existing.cancelExpiry();
            existing.cancelPendingWill();
            existing.expiryIntervalSeconds(expiryIntervalSeconds);
            existing.attach(owner);
            persist(existing);
            return new Attached(existing, true);
        }
        if (existing != null) {
            end(existing);
        }
        Session fresh = new Session(clientId, loopFor(clientId), expiryIntervalSeconds, store);
        sessions.put(clientId, fresh);
        fresh.attach(owner);
        persist(fresh);
        return new Attached(fresh, false);
    }

    /**
     * The connection of {@code owner} ended. Its will, if it must be published, goes out now or after
     * its delay, and at the latest when the session ends [MQTT-3.1.3-9]. A session with expiry 0 ends
     * now [MQTT-3.1.2-6]; another one stays to collect messages until it expires [MQTT-4.1.0-2]. If
     * another connection has taken the session over, only an undelayed will is published. Runs on the
     * session's loop.
     *
     * @param will the will to publish, or null (normal DISCONNECT, or none was set)
     */
    public void detach(Session session, SessionOwner owner, Will will) {
        if (session.owner() != owner) {
            // taken over: the will waits its delay only if the session lives on [MQTT-3.1.2-8]
            if (will != null && (will.delaySeconds() == 0 || session.discarded())) {
                publishWill(session, will, owner);
            }
            return;
        }
        session.detach();
        if (session.persistent()) {
            store.offline(session.clientId(), clock.millis());
        }
        long expiry = session.expiryIntervalSeconds();
        if (will != null) {
            long delay = Math.min(will.delaySeconds(), expiry);
            if (delay == 0) {
                publishWill(session, will, owner);
            } else {
                session.delayWill(delay, () -> publishWill(session, will, owner));
            }
        }
        if (expiry == 0) {
            end(session);
        } else if (expiry != SessionRecord.NEVER_EXPIRES) {
            session.expireAfter(expiry, () -> {
                if (!session.online() && !session.discarded()) {
                    end(session);
                }
            });
        }
    }

    /** Changes the expiry of a connected session (MQTT 5 DISCONNECT may do so). Session loop. */
    public void changeExpiry(Session session, long expiryIntervalSeconds) {
        session.expiryIntervalSeconds(expiryIntervalSeconds);
        persist(session);
    }

    /**
     * Brings back a persistent session found in the store at start, offline, with its subscriptions
     * and its expiry timer. Runs on {@code loopFor(record.clientId())}.
     */
    public void restore(SessionRecord record) {
        Session session = new Session(record.clientId(), loopFor(record.clientId()), record.expiryIntervalSeconds(),
                store);
        session.recover();
        for (Subscription sub : record.subscriptions()) {
            session.subscriptions().put(sub.filter(), sub);
            index.subscribe(session, sub);
        }
        sessions.put(record.clientId(), session);
        if (record.expiryIntervalSeconds() != SessionRecord.NEVER_EXPIRES) {
            session.expireAfter(record.expiryIntervalSeconds(), () -> {
                if (!session.online() && !session.discarded()) {
                    end(session);
                }
            });
        }
    }

    /** Saves the subscriptions and expiry of a persistent session. Runs on the session's loop. */
    public void persist(Session session) {
        if (session.persistent() && !session.discarded()) {
            store.save(new SessionRecord(session.clientId(), session.expiryIntervalSeconds(),
                    new ArrayList<>(session.subscriptionList())));
        }
    }

    /** The will goes out with the rights its connection has when it is due, not those of its CONNECT. */
    private void publishWill(Session session, Will will, SessionOwner owner) {
        publisher.publishWill(will.toMessage(session.clientId(), clock.millis()), owner.rights());
    }

    /** The session ends: a will still held back goes out now [MQTT-3.1.3-9], its state is freed. */
    private void end(Session session) {
        session.firePendingWill();
        for (Subscription s : session.subscriptionList()) {
            index.unsubscribe(s.filter(), session.clientId());
        }
        sessions.remove(session.clientId(), session);
        store.remove(session.clientId());
        session.discard();
    }
}
