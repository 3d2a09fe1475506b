package io.herald.broker.session;

import io.herald.broker.message.Inflight;
import io.herald.broker.message.Message;
import io.herald.broker.store.MessageQueue;
import io.herald.broker.store.SessionStore;
import io.herald.broker.store.memory.MemoryMessageQueue;
import io.herald.broker.topic.Subscriber;
import io.herald.broker.topic.Subscription;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The state the broker keeps for one client id across connections: subscriptions, outbound in-flight
 * messages, the queue of messages waiting for it, and the QoS 2 packet ids it has sent us and not yet
 * released.
 *
 * <p>The in-flight window holds a reference to each of its messages' payloads, taken when a message
 * goes in flight and given back when it leaves (acknowledged, taken back, or the session ends); the
 * queue holds its own ({@link MessageQueue}).
 *
 * <p>Threads: owned by {@link #loop()}, the event loop chosen from the client id; every field is read
 * and written on that loop only. Other threads hand work to it with {@code loop().execute(...)}.
 */
public final class Session implements Subscriber {

    private final String clientId;
    private final EventLoop loop;
    private MessageQueue queue;
    private final SessionStore store;
    // The collections below are created on first use and stay null while empty so far: most sessions
    // of an idle fleet never subscribe, send QoS 1/2 or resume with messages in flight.
    private Map<String, Subscription> subscriptions;
    private Map<Integer, Inflight> inflight;
    private Map<Integer, Inflight> inflightView = Map.of();
    private Set<Integer> inboundQos2;
    /** In-flight packet ids still to be resent after a resume, held back by the client's Receive Maximum. */
    private ArrayDeque<Integer> resendBacklog;
    private long expiryIntervalSeconds;
    private ScheduledFuture<?> expiryTask;
    private ScheduledFuture<?> pendingWill;
    private Runnable pendingWillAction;
    private volatile SessionOwner owner; // volatile: share groups read it from other loops to prefer online members
    /**
     * The rights of the client that last attached, kept while it is offline; null for a session restored
     * from the store until its client connects again. Volatile: routers on other loops read it to check
     * deliveries through filtered subscriptions.
     */
    private volatile Rights rights;
    private int lastPacketId;
    private boolean discarded;

    Session(String clientId, EventLoop loop, long expiryIntervalSeconds, SessionStore store) {
        this.clientId = clientId;
        this.loop = loop;
        this.expiryIntervalSeconds = expiryIntervalSeconds;
        this.store = store;
        // a session that ends with its connection keeps its queue in the heap, whatever the store
        if (expiryIntervalSeconds > 0) {
            store.sessionLoop(clientId, loop); // the store may batch this loop's writes per turn
            this.queue = store.queue(clientId);
        } else {
            this.queue = new MemoryMessageQueue();
        }
    }

    /** Restores the in-flight and inbound QoS 2 state a store kept for this (persistent) session. */
    void recover() {
        for (Inflight f : store.inflight(clientId)) {
            inflightMap().put(f.packetId(), f);
        }
        for (int packetId : store.inboundQos2(clientId)) {
            inboundQos2Set().add(packetId);
        }
    }

    @Override
    public String clientId() {
        return clientId;
    }

    public EventLoop loop() {
        return loop;
    }

    /** Whether the session outlives its connection (MQTT 3 CleanSession = 0, MQTT 5 Session Expiry > 0). */
    public boolean persistent() {
        return expiryIntervalSeconds > 0;
    }

    /** Seconds the session lives once offline; {@link io.herald.broker.store.SessionRecord#NEVER_EXPIRES} for ever. */
    public long expiryIntervalSeconds() {
        return expiryIntervalSeconds;
    }

    void expiryIntervalSeconds(long seconds) {
        boolean outlivesConnectionNow = expiryIntervalSeconds == 0 && seconds > 0;
        expiryIntervalSeconds = seconds;
        if (outlivesConnectionNow) {
            keepInStore();
        }
    }

    /** The session outlives its connection from now on: what it held in the heap goes to the store. */
    private void keepInStore() {
        store.sessionLoop(clientId, loop);
        MessageQueue durable = store.queue(clientId);
        for (Message m = queue.poll(); m != null; m = queue.poll()) {
            durable.add(m);
            m.releasePayload();
        }
        queue = durable;
        inflightView.values().forEach(f -> store.putInflight(clientId, f));
        if (inboundQos2 != null) {
            inboundQos2.forEach(packetId -> store.putInboundQos2(clientId, packetId));
        }
    }

    /** Arms the timer that ends the session when it stays offline; replaces a previous one. */
    void expireAfter(long seconds, Runnable end) {
        cancelExpiry();
        expiryTask = loop.schedule(end, seconds, TimeUnit.SECONDS);
    }

    void cancelExpiry() {
        if (expiryTask != null) {
            expiryTask.cancel(false);
            expiryTask = null;
        }
    }

    /** Holds back a will until its delay has passed [MQTT-3.1.3-9]. */
    void delayWill(long seconds, Runnable publish) {
        cancelPendingWill();
        pendingWillAction = publish;
        pendingWill = loop.schedule(() -> {
            pendingWill = null;
            pendingWillAction = null;
            publish.run();
        }, seconds, TimeUnit.SECONDS);
    }

    /** Publishes a will held back now, because the session ends before its delay passed. */
    void firePendingWill() {
        Runnable action = pendingWillAction;
        if (cancelPendingWill()) {
            action.run();
        }
    }

    /** Drops a will held back, because the session was resumed in time; true if there was one. */
    boolean cancelPendingWill() {
        if (pendingWill == null) {
            return false;
        }
        pendingWill.cancel(false);
        pendingWill = null;
        pendingWillAction = null;
        return true;
    }

    /** The connection the session is attached to, or null while offline. */
    public SessionOwner owner() {
        return owner;
    }

    void attach(SessionOwner newOwner) {
        owner = newOwner;
    }

    void detach() {
        owner = null;
    }

    /** The rights of the client that last attached, or null (restored from the store, not yet reconnected). */
    public Rights rights() {
        return rights;
    }

    /** Session loop. */
    public void rights(Rights value) {
        rights = value;
    }

    /**
     * Whether a message on {@code topic} may be delivered through a subscription granted filtered. Fails
     * closed while the rights are unknown (a session restored from the store, its client not yet back).
     * Any thread.
     */
    public boolean mayReceive(String topic) {
        Rights r = rights;
        return r != null && r.canReceive(topic);
    }

    public boolean online() {
        return owner != null;
    }

    /** True once the session has ended; deliveries still in flight to its loop are dropped. */
    public boolean discarded() {
        return discarded;
    }

    void discard() {
        discarded = true;
        cancelExpiry();
        owner = null;
        subscriptions = null;
        dropInflight();
        inboundQos2 = null;
        queue.clear();
    }

    /** At shutdown: gives back the payload references of the in-flight window and of a queue in the heap. */
    void releasePayloads() {
        dropInflight();
        queue.releasePayloads();
    }

    /** Forgets the in-flight window in the heap (not in the store), giving back its payload references. */
    private void dropInflight() {
        if (inflight != null) {
            inflight.values().forEach(f -> f.message().releasePayload());
        }
        inflight = null;
        inflightView = Map.of();
        resendBacklog = null;
    }

    /** The subscriptions by filter, to change them (created on first call); read through {@link #subscriptionList()}. */
    public Map<String, Subscription> subscriptions() {
        if (subscriptions == null) {
            subscriptions = new LinkedHashMap<>();
        }
        return subscriptions;
    }

    public Collection<Subscription> subscriptionList() {
        return subscriptions == null ? List.of() : subscriptions.values();
    }

    /** Whether in-flight messages still wait to be resent after a resume. */
    boolean resending() {
        return resendBacklog != null && !resendBacklog.isEmpty();
    }

    /** After a resume: every in-flight message is to be resent, in the original order. */
    void resendAllInflight() {
        resendBacklog = inflightView.isEmpty() ? null : new ArrayDeque<>(inflightView.keySet());
    }

    /** The packet id of the next in-flight message to resend; call only while {@link #resending()}. */
    int nextToResend() {
        int packetId = resendBacklog.poll();
        if (resendBacklog.isEmpty()) {
            resendBacklog = null;
        }
        return packetId;
    }

    /** In-flight messages the client holds now: those not waiting in the resend backlog. */
    int outstanding() {
        return inflightView.size() - (resendBacklog == null ? 0 : resendBacklog.size());
    }

    /** Outbound in-flight messages by packet id, in send order; change them through the methods above. */
    Map<Integer, Inflight> inflight() {
        return inflightView;
    }

    private Map<Integer, Inflight> inflightMap() {
        if (inflight == null) {
            inflight = new LinkedHashMap<>();
            inflightView = Collections.unmodifiableMap(inflight);
        }
        return inflight;
    }

    private Set<Integer> inboundQos2Set() {
        if (inboundQos2 == null) {
            inboundQos2 = new HashSet<>();
        }
        return inboundQos2;
    }

    MessageQueue queue() {
        return queue;
    }

    /** Records a QoS 2 packet id received from the client; false if it was already recorded (a resend). */
    public boolean beginInboundQos2(int packetId) {
        if (hasInboundQos2(packetId)) {
            return false;
        }
        if (persistent()) {
            store.putInboundQos2(clientId, packetId); // first: if the store cannot write, nothing is recorded
        }
        inboundQos2Set().add(packetId);
        return true;
    }

    public boolean hasInboundQos2(int packetId) {
        return inboundQos2 != null && inboundQos2.contains(packetId);
    }

    /** Forgets a QoS 2 packet id on PUBREL [MQTT-4.3.3-2]. */
    public void releaseInboundQos2(int packetId) {
        if (inboundQos2 != null && inboundQos2.remove(packetId) && persistent()) {
            store.removeInboundQos2(clientId, packetId);
        }
    }

    /** Puts {@code f} in flight, or replaces the entry of its packet id (a QoS 2 message after PUBREC). */
    void putInflight(Inflight f) {
        f.message().retainPayload();
        Inflight replaced = inflightMap().put(f.packetId(), f);
        if (replaced != null) {
            replaced.message().releasePayload();
        }
        if (persistent()) {
            store.putInflight(clientId, f);
        }
    }

    /**
     * The oldest queued message was sent as {@code f}: it leaves the queue and is in flight. A persistent
     * session's store keeps the message's queue record as its in-flight record.
     */
    void putInflightFromQueue(Inflight f) {
        inflightMap().put(f.packetId(), f);
        f.message().retainPayload();
        if (persistent()) {
            store.putInflightFromQueue(clientId, f);
        } else {
            queue.poll().releasePayload();
        }
    }

    void removeInflight(int packetId) {
        if (resendBacklog != null) {
            resendBacklog.remove(packetId);
        }
        Inflight removed = inflight == null ? null : inflight.remove(packetId);
        if (removed != null) {
            removed.message().releasePayload();
            if (persistent()) {
                store.removeInflight(clientId, packetId);
            }
        }
    }

    /** The next free packet id for an outbound message, 1..65535 [MQTT-2.3.1-1]. */
    int nextPacketId() {
        do {
            lastPacketId = lastPacketId == 65_535 ? 1 : lastPacketId + 1;
        } while (inflightView.containsKey(lastPacketId));
        return lastPacketId;
    }


    /** Messages waiting for the client: queued, plus sent and not yet acknowledged. Session loop. */
    public long waiting() {
        return queue.size() + inflightView.size();
    }

    /** The number of QoS 2 messages received from the client and not yet released by PUBREL. */
    public int inboundQos2Count() {
        return inboundQos2 == null ? 0 : inboundQos2.size();
    }
}
