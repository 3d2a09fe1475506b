package io.herald.broker.session;

import io.herald.broker.DisconnectReason;
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
    /** Pinned client ids and the subscription their session always has while offline (see {@link #pin}). */
    private final ConcurrentMap<String, Subscription> pins = new ConcurrentHashMap<>();
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
     * At shutdown, once the connections are closed: every session gives back the payload references it
     * holds in the heap (in flight, queued in memory); what the store persisted stays. Runs each loop's
     * sessions on that loop and waits up to {@code waitMillis} in all.
     */
    public void releasePayloads(long waitMillis) {
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        for (EventLoop loop : loops) {
            long left = Math.max(0, deadline - System.nanoTime());
            loop.submit(() -> sessionsOn(loop).forEach(Session::releasePayloads))
                    .awaitUninterruptibly(left / 1_000_000);
        }
    }

    /**
     * Ends {@code session} now, whether or not a connection is attached: its subscriptions, queue and
     * stored state are removed (a revoked credential's queue must not keep filling). A will held back
     * goes out. A pinned session starts again at once, empty and offline with its pinned subscription,
     * so messages queue for its client again: only {@link #unpin} ends it for good. Runs on the
     * session's loop.
     */
    public void discard(Session session) {
        if (!session.discarded()) {
            end(session);
            Subscription pin = pins.get(session.clientId());
            if (pin != null) {
                restore(new SessionRecord(session.clientId(), SessionRecord.NEVER_EXPIRES, List.of(pin)));
                persist(sessions.get(session.clientId()));
            }
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
        Subscription pin = pins.get(clientId);
        if (pin != null) {
            Attached attached = attachPinned(clientId, owner);
            keepPinned(attached.session(), pin);
            return attached;
        }
        return attachAs(clientId, cleanStart, expiryIntervalSeconds, owner);
    }

    /** A pinned session resumes whatever the CONNECT asks: the platform decides its lifetime, not the client. */
    private Attached attachPinned(String clientId, SessionOwner owner) {
        return attachAs(clientId, false, SessionRecord.NEVER_EXPIRES, owner);
    }

    private Attached attachAs(String clientId, boolean cleanStart, long expiryIntervalSeconds, SessionOwner owner) {
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
        Subscription pin = pins.get(session.clientId());
        if (pin != null) {
            keepPinned(session, pin); // offline, it queues at the pinned QoS whatever its client subscribed with
        }
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
        if (pins.containsKey(session.clientId())) {
            return; // a pinned session's lifetime is the platform's
        }
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

    /**
     * Pins {@code clientId}: its session exists from now on, offline until its client connects, outlives
     * every connection (CONNECTs asking for a clean or expiring session resume it all the same; the
     * CONNACK still says Session Present 0 to a client that asked for a clean start) and, whenever it is
     * offline, has {@code subscription}, so messages for it are queued at that QoS. It ends only through
     * {@link #discard}. The platform's push installations are pinned sessions. Runs on
     * {@code loopFor(clientId)}.
     */
    public void pin(String clientId, Subscription subscription) {
        pins.put(clientId, subscription);
        Session session = sessions.get(clientId);
        if (session == null) {
            restore(new SessionRecord(clientId, SessionRecord.NEVER_EXPIRES, List.of(subscription)));
            persist(sessions.get(clientId));
            return;
        }
        if (session.expiryIntervalSeconds() != SessionRecord.NEVER_EXPIRES) {
            session.cancelExpiry();
            session.expiryIntervalSeconds(SessionRecord.NEVER_EXPIRES);
        }
        keepPinned(session, subscription);
        persist(session);
    }

    /** Whether {@code clientId} is pinned. Any thread. */
    public boolean pinned(String clientId) {
        return pins.containsKey(clientId);
    }

    /**
     * Unpins {@code clientId} and ends its session now: a live connection is closed (MQTT 5 DISCONNECT
     * 0x98), subscriptions, queue and stored state are removed. Runs on {@code loopFor(clientId)}.
     *
     * @return whether a connection was closed
     */
    public boolean unpin(String clientId, String reason) {
        pins.remove(clientId);
        Session session = sessions.get(clientId);
        if (session == null) {
            return false;
        }
        SessionOwner owner = session.owner();
        if (owner != null) {
            owner.disconnect(DisconnectReason.ADMINISTRATIVE, reason);
        }
        discard(session);
        return owner != null;
    }

    private void keepPinned(Session session, Subscription pin) {
        if (!pin.equals(session.subscriptions().get(pin.filter()))) {
            session.subscriptions().put(pin.filter(), pin);
            index.subscribe(session, pin);
            persist(session);
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
