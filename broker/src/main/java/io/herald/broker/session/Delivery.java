package io.herald.broker.session;

import io.herald.broker.message.Inflight;
import io.herald.broker.BrokerConfig;
import io.herald.broker.BrokerMetrics;
import io.herald.broker.BrokerMetrics.DropReason;
import io.herald.broker.codec.Packets;
import io.herald.broker.message.Message;
import io.herald.broker.publish.DeliveryTracker.Drop;
import io.herald.broker.store.MessageQueue;
import io.herald.broker.topic.Subscription;
import io.herald.broker.topic.Topics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import io.herald.broker.log.RateLimitedLog;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Outbound message flow of a session: the in-flight window, the queue behind it, and the QoS 1/2
 * acknowledgements from the client [MQTT-4.3].
 *
 * <p>Payloads: {@link #deliver} borrows the message; the session's in-flight window and queue take
 * their own references when they keep it (see {@link io.herald.broker.message.Payload}).
 *
 * <p>Threads: every method runs on the session's own loop ({@link Session#loop()}). Stateless itself
 * apart from the overflow log throttle, which is confined per session by the same rule.
 */
public final class Delivery {

    private static final Logger log = LoggerFactory.getLogger(Delivery.class);
    private static final long OVERFLOW_LOG_INTERVAL_MILLIS = 60_000;

    private final BrokerConfig config;
    private final BrokerMetrics metrics;
    private final Clock clock;
    private final OverflowLog overflowLog = new OverflowLog();
    private final Tracking tracking = new Tracking();
    private final RateLimitedLog slowSubscribers;

    public Delivery(BrokerConfig config, BrokerMetrics metrics, Clock clock) {
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
        this.slowSubscribers = new RateLimitedLog(log, Level.INFO, Duration.ofMinutes(1), clock);
    }

    /** The trackers of tracked messages, reported to from here. */
    public Tracking tracking() {
        return tracking;
    }

    /**
     * Delivers {@code message} (already at the granted QoS and retain flag) to {@code session}: sent at
     * once when online and the window allows, queued when it must wait, dropped and counted otherwise.
     */
    public void deliver(Session session, Message message) {
        deliver(session, message, false);
    }

    /**
     * Delivers a message that {@link #canTake} admitted just before (a retained message on SUBSCRIBE):
     * QoS 0 goes out even if the connection stopped being writable since (the channel's loop, not this
     * one, flips that), so a paced message is never dropped; the outbound buffer passes its high-water
     * mark by at most one message.
     */
    void deliverAdmitted(Session session, Message message) {
        deliver(session, message, true);
    }

    private void deliver(Session session, Message message, boolean admitted) {
        if (session.discarded()) {
            return;
        }
        if (message.expired(clock.millis())) {
            metrics.dropped(DropReason.EXPIRED); // [MQTT-3.3.2-5]
            tracking.dropped(message, session.clientId(), Drop.EXPIRED);
            return;
        }
        SessionOwner owner = session.owner();
        if (message.qos() == 0) {
            if (owner == null) {
                metrics.dropped(DropReason.QOS0_OFFLINE);
                tracking.dropped(message, session.clientId(), Drop.NOT_CONNECTED);
            } else if (!admitted && !owner.writable()) {
                metrics.dropped(DropReason.NOT_WRITABLE);
                tracking.dropped(message, session.clientId(), Drop.NOT_CONNECTED);
                slowSubscribers.log(session.clientId(), "dropping QoS 0 messages for client {}: its connection does not"
                        + " take them as fast as they come (herald.messages.dropped{reason=not_writable})",
                        session.clientId());
            } else if (owner.sendPublish(message, 0, false)) {
                metrics.sent();
                tracking.sent(message, session.clientId());
            } else {
                metrics.dropped(DropReason.TOO_LARGE);
                tracking.dropped(message, session.clientId(), Drop.TOO_LARGE);
            }
            return;
        }
        if (owner != null && session.queue().size() == 0 && !session.resending()
                && session.outstanding() < window(owner) && owner.writable()) {
            send(session, owner, message);
        } else if (owner != null || session.persistent()) {
            enqueue(session, message);
        } else {
            tracking.dropped(message, session.clientId(), Drop.NOT_CONNECTED);
        }
    }

    /**
     * Whether the session can take one more message of {@code qos} without dropping it: its connection
     * is writable, and for QoS 1/2 its queue has room ({@link RetainedReplay#QUEUE_ROOM}). Session loop.
     */
    boolean canTake(Session session, int qos) {
        SessionOwner owner = session.owner();
        return owner != null && owner.writable() && (qos == 0 || session.queue().size() < RetainedReplay.QUEUE_ROOM);
    }

    /** PUBACK from the client: the QoS 1 message is done [MQTT-4.3.2]. */
    public void onPubAck(Session session, int packetId) {
        Inflight f = session.inflight().get(packetId);
        if (f != null && f.message().qos() == 1) {
            session.removeInflight(packetId);
            tracking.acknowledged(f.message(), session.clientId());
            drain(session);
        }
    }

    /**
     * PUBREC from the client: release with PUBREL and await PUBCOMP [MQTT-4.3.3-1]. An MQTT 5 PUBREC
     * with a failure reason (0x80 or above) ends the flow: no PUBREL follows.
     */
    public void onPubRec(Session session, int packetId, byte reasonCode) {
        Inflight f = session.inflight().get(packetId);
        if ((reasonCode & 0xFF) >= 0x80) {
            if (f != null) {
                session.removeInflight(packetId);
                drain(session);
            }
            return;
        }
        if (f != null && f.message().qos() == 2) {
            session.putInflight(f.release());
        }
        SessionOwner owner = session.owner();
        if (owner != null) {
            owner.send(Packets.pubRel(packetId));
        }
    }

    /** PUBCOMP from the client: the QoS 2 message is done. */
    public void onPubComp(Session session, int packetId) {
        Inflight f = session.inflight().get(packetId);
        if (f != null && f.released()) {
            session.removeInflight(packetId);
            tracking.acknowledged(f.message(), session.clientId());
            drain(session);
        }
    }

    /**
     * After the session is (re)attached: resend what was in flight, in the original order, PUBLISH with
     * DUP set or PUBREL for released QoS 2 [MQTT-4.4.0-1], then send what was queued.
     */
    public void resume(Session session) {
        SessionOwner owner = session.owner();
        if (owner == null) {
            return;
        }
        session.resendAllInflight();
        drain(session);
    }

    /** Resends one in-flight message after a resume; false when it no longer fits the client. */
    private boolean resend(SessionOwner owner, Inflight f) {
        if (f.released()) {
            owner.send(Packets.pubRel(f.packetId()));
            return true;
        }
        return owner.sendPublish(f.message(), f.packetId(), true);
    }

    /**
     * Takes back the messages the session holds only because of a shared subscription (QoS 1 in flight,
     * or queued and not yet sent), so they can go to another member of the group. The caller holds a
     * reference to each returned message's payload and releases it. Session loop.
     */
    public List<Message> takeBackShared(Session session) {
        if (session.subscriptionList().stream().noneMatch(s -> s.shareGroup() != null)) {
            return List.of();
        }
        List<Message> taken = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (Inflight f : session.inflight().values()) {
            // QoS 2 once sent belongs to this member: resent to it if it resumes, else dropped [MQTT-4.8.2-4] [MQTT-4.8.2-5]
            if (f.message().qos() == 1 && onlyShared(session, f.message().topic())) {
                taken.add(f.message().retainPayload());
                ids.add(f.packetId());
            }
        }
        ids.forEach(session::removeInflight);
        MessageQueue queue = session.queue();
        for (int n = queue.size(); n > 0; n--) {
            Message m = queue.poll();
            if (onlyShared(session, m.topic())) {
                taken.add(m);
            } else {
                queue.add(m);
                m.releasePayload();
            }
        }
        return taken;
    }

    private static boolean onlyShared(Session session, String topic) {
        boolean shared = false;
        for (Subscription s : session.subscriptionList()) {
            if (Topics.matches(s.topicFilter(), topic)) {
                if (s.shareGroup() == null) {
                    return false;
                }
                shared = true;
            }
        }
        return shared;
    }

    /**
     * Fills the window while the client is online and its connection takes more (writable: a window of
     * up to 65,535 must not pile encoded messages up in a slow client's outbound buffer; they wait in the
     * bounded queue instead): first the in-flight messages still to be resent after a resume, never more
     * outstanding than the client's Receive Maximum [MQTT-3.3.4-9], then the queue. Also called when the
     * connection becomes writable again.
     */
    public void drain(Session session) {
        SessionOwner owner = session.owner();
        if (owner == null) {
            return;
        }
        while (session.resending() && session.outstanding() < window(owner) && owner.writable()) {
            int packetId = session.nextToResend();
            Inflight f = session.inflight().get(packetId);
            if (f != null && !resend(owner, f)) {
                session.removeInflight(packetId); // the new connection allows smaller packets than the old one
                metrics.dropped(DropReason.TOO_LARGE);
                tracking.dropped(f.message(), session.clientId(), Drop.TOO_LARGE);
            }
        }
        MessageQueue queue = session.queue();
        while (queue.size() > 0 && !session.resending() && session.outstanding() < window(owner)
                && owner.writable()) {
            Message next = queue.peek();
            if (next.expired(clock.millis())) {
                queue.poll();
                metrics.dropped(DropReason.EXPIRED); // [MQTT-3.3.2-5] expired while it waited
                tracking.dropped(next, session.clientId(), Drop.EXPIRED);
                next.releasePayload();
            } else {
                sendQueued(session, owner, next);
            }
        }
    }

    /**
     * Outbound QoS 1/2 window: the client's Receive Maximum [MQTT-3.3.4-9] (MQTT 3: the default the
     * connection was given), capped by the operator's {@code maxInflight}.
     */
    private int window(SessionOwner owner) {
        return Math.min(config.maxInflight(), owner.receiveMaximum());
    }

    private void send(Session session, SessionOwner owner, Message message) {
        int packetId = session.nextPacketId();
        if (owner.sendPublish(message, packetId, false)) {
            session.putInflight(new Inflight(packetId, message, false));
            metrics.sent();
            tracking.sent(message, session.clientId());
        } else {
            metrics.dropped(DropReason.TOO_LARGE); // [MQTT-3.1.2-25] dropped for this client only
            tracking.dropped(message, session.clientId(), Drop.TOO_LARGE);
        }
    }

    /**
     * Sends the oldest queued message, {@code message}: it leaves the queue for the in-flight window
     * first (its stored record becomes the in-flight one, not a copy), so that nothing the send may
     * trigger finds it still queued.
     */
    private void sendQueued(Session session, SessionOwner owner, Message message) {
        int packetId = session.nextPacketId();
        session.putInflightFromQueue(new Inflight(packetId, message, false));
        if (owner.sendPublish(message, packetId, false)) {
            metrics.sent();
            tracking.sent(message, session.clientId());
        } else {
            session.removeInflight(packetId);
            metrics.dropped(DropReason.TOO_LARGE); // [MQTT-3.1.2-25] dropped for this client only
            tracking.dropped(message, session.clientId(), Drop.TOO_LARGE);
        }
    }

    private void enqueue(Session session, Message message) {
        MessageQueue queue = session.queue();
        boolean full = queue.size() >= config.maxQueuedMessages()
                || queue.bytes() + message.size() > config.maxQueuedBytes();
        if (!full) {
            queue.add(message);
            tracking.queued(message, session.clientId());
            return;
        }
        metrics.dropped(DropReason.QUEUE_FULL);
        if (config.overflow() == BrokerConfig.QueueOverflow.DROP_OLDEST && queue.size() > 0) {
            while (queue.size() > 0 && (queue.size() >= config.maxQueuedMessages()
                    || queue.bytes() + message.size() > config.maxQueuedBytes())) {
                Message oldest = queue.poll();
                tracking.dropped(oldest, session.clientId(), Drop.QUEUE_FULL);
                oldest.releasePayload();
            }
            if (queue.bytes() + message.size() <= config.maxQueuedBytes()) {
                queue.add(message);
                tracking.queued(message, session.clientId());
            } else {
                tracking.dropped(message, session.clientId(), Drop.QUEUE_FULL);
            }
        } else {
            tracking.dropped(message, session.clientId(), Drop.QUEUE_FULL);
        }
        overflowLog.maybeLog(session, message);
    }

    /** At most one overflow line per client per minute. Threads: touched from every session loop. */
    private final class OverflowLog {
        private final Map<String, Long> lastLogged = new java.util.concurrent.ConcurrentHashMap<>();

        void maybeLog(Session session, Message message) {
            long now = clock.millis();
            Long last = lastLogged.get(session.clientId());
            if (last != null && now - last < OVERFLOW_LOG_INTERVAL_MILLIS) {
                return;
            }
            lastLogged.put(session.clientId(), now);
            if (lastLogged.size() > 10_000) {
                Iterator<Map.Entry<String, Long>> it = lastLogged.entrySet().iterator();
                while (it.hasNext()) {
                    if (now - it.next().getValue() >= OVERFLOW_LOG_INTERVAL_MILLIS) {
                        it.remove();
                    }
                }
            }
            log.warn("queue of client {} is full ({} messages, {} bytes; limits {} / {}): {} on topic {}",
                    session.clientId(), session.queue().size(), session.queue().bytes(), config.maxQueuedMessages(),
                    config.maxQueuedBytes(),
                    config.overflow() == BrokerConfig.QueueOverflow.DROP_OLDEST ? "dropped oldest" : "dropped new",
                    message.topic());
        }
    }
}
