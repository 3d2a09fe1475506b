package io.herald.broker.handler;

import io.herald.broker.auth.SubscribeDecision;
import io.herald.broker.codec.Packets;
import io.herald.broker.codec.Props;
import io.herald.broker.codec.ProtocolViolation;
import io.herald.broker.message.Message;
import io.herald.broker.session.Delivery;
import io.herald.broker.session.RetainedReplay;
import io.herald.broker.session.Session;
import io.herald.broker.session.SessionRegistry;
import io.herald.broker.store.RetainedStore;
import io.herald.broker.topic.Subscription;
import io.herald.broker.topic.TopicIndex;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * SUBSCRIBE: validates every filter, asks the client's rights (its credential's permissions and the
 * Authorizer), records the granted subscriptions,
 * answers SUBACK and then sends the matching retained messages as the subscription's Retain Handling
 * says [MQTT-3.8], [MQTT-3.3.1-6], found and sent in bounded turns and paced by the connection
 * ({@link RetainedReplay}). MQTT 5 adds subscription options, identifiers and reason codes.
 *
 * <p>Threads: runs on the session loop. Stateless.
 */
final class SubscribeHandler {

    private static final int V3_FAILURE = 0x80;
    private static final int NOT_AUTHORIZED = 0x87;
    private static final int TOPIC_FILTER_INVALID = 0x8F;
    private static final long MAX_SUBSCRIPTION_ID = 268_435_455;

    private final TopicIndex<Session> index;
    private final SessionRegistry registry;
    private final RetainedStore retained;
    private final Delivery delivery;

    SubscribeHandler(TopicIndex<Session> index, SessionRegistry registry, RetainedStore retained, Delivery delivery) {
        this.index = index;
        this.registry = registry;
        this.retained = retained;
        this.delivery = delivery;
    }

    void handle(Connection conn, MqttSubscribeMessage subscribe) {
        List<MqttTopicSubscription> requested = subscribe.payload().topicSubscriptions();
        if (requested.isEmpty()) {
            throw new ProtocolViolation("MQTT-3.8.3-3", "SUBSCRIBE without a topic filter");
        }
        boolean v5 = conn.v5();
        int subscriptionId = v5 ? subscriptionId(subscribe.idAndPropertiesVariableHeader().properties()) : 0;
        Session session = conn.session;
        int[] codes = new int[requested.size()];
        List<Subscription> retainedFor = new ArrayList<>(requested.size());
        for (int i = 0; i < codes.length; i++) {
            MqttTopicSubscription t = requested.get(i);
            MqttSubscriptionOption o = t.option();
            if (!Subscription.isValid(t.topicFilter())) {
                if (!v5) {
                    throw new ProtocolViolation("MQTT-4.7.1-1", "invalid topic filter '" + t.topicFilter() + "'");
                }
                codes[i] = TOPIC_FILTER_INVALID;
                continue;
            }
            Subscription sub = v5
                    ? new Subscription(t.topicFilter(), o.qos().value(), o.isNoLocal(), o.isRetainAsPublished(),
                            o.retainHandling().value(), subscriptionId)
                    : v3Subscription(t);
            if (sub.noLocal() && sub.shareGroup() != null) {
                throw new ProtocolViolation("MQTT-3.8.3-4", "No Local on a shared subscription");
            }
            SubscribeDecision decision = conn.rights.subscribe(sub.topicFilter());
            if (decision == SubscribeDecision.DENIED) {
                codes[i] = v5 ? NOT_AUTHORIZED : V3_FAILURE;
                continue;
            }
            // a deny overlaps the filter: its deliveries are checked by topic, in the router
            sub = sub.withFiltered(decision == SubscribeDecision.GRANTED_FILTERED);
            // [MQTT-3.8.4-3] an identical filter replaces the previous subscription
            boolean existed = session.subscriptions().put(sub.filter(), sub) != null;
            index.subscribe(session, sub);
            codes[i] = sub.qos();
            // [MQTT-3.3.1-9 (v5)] retained messages go to new subscriptions as Retain Handling says; never to shares
            if (sub.shareGroup() == null && (sub.retainHandling() == 0 || (sub.retainHandling() == 1 && !existed))) {
                retainedFor.add(sub);
            }
        }
        registry.persist(session);
        conn.send(Packets.subAck(subscribe.variableHeader().messageId(), codes, MqttProperties.NO_PROPERTIES));
        for (Subscription sub : retainedFor) {
            if (conn.replays == null) {
                conn.replays = new ArrayDeque<>();
            }
            conn.replays.add(new RetainedReplay(session, sub, retained.cursor(sub.filter()),
                    topic -> !sub.filtered() || conn.rights.canReceive(topic)));
        }
        resumeRetained(conn);
    }

    /**
     * Sends the retained messages of the connection's pending subscriptions, as far as the connection
     * takes them; called again when it becomes writable or the client acknowledges. One bounded turn of
     * one replay, unless a turn is scheduled already (it comes after the loop's next I/O). Session loop.
     */
    void resumeRetained(Connection conn) {
        RetainedReplay head = conn.replays == null ? null : conn.replays.peek();
        if (head != null && !head.turnScheduled()) {
            turn(conn, head);
        }
    }

    private void turn(Connection conn, RetainedReplay replay) {
        if (conn.state != Connection.State.CONNECTED) {
            return;
        }
        switch (replay.send(delivery, retained)) {
            case DONE -> {
                conn.replays.poll();
                if (conn.replays.isEmpty()) {
                    conn.replays = null;
                } else {
                    scheduleTurn(conn, conn.replays.peek()); // one bounded turn per pass, whatever the subscriptions
                }
            }
            case BLOCKED -> {
                // resumed by writability or an acknowledgement
            }
            case YIELDED -> scheduleTurn(conn, replay);
        }
    }

    /**
     * Runs the next turn of {@code replay} after the loop's next I/O. Scheduled, not executed: the loop
     * runs the tasks executed meanwhile in the same pass (for up to a second in Netty 4.2) but scheduled
     * ones only after its next I/O, so the other clients of the loop are read and written between two
     * turns. Only one turn is scheduled at a time, however many acknowledgements come meanwhile.
     */
    private void scheduleTurn(Connection conn, RetainedReplay replay) {
        replay.turnScheduled(true);
        conn.sessionLoop().schedule(() -> {
            replay.turnScheduled(false);
            turn(conn, replay);
        }, 0, TimeUnit.NANOSECONDS);
    }

    private static Subscription v3Subscription(MqttTopicSubscription t) {
        MqttSubscriptionOption o = t.option();
        if (o.isNoLocal() || o.isRetainAsPublished()
                || o.retainHandling() != MqttSubscriptionOption.RetainedHandlingPolicy.SEND_AT_SUBSCRIBE) {
            throw new ProtocolViolation("MQTT-3.8.3-4", ProtocolViolation.MALFORMED,
                    "reserved bits set in requested QoS byte");
        }
        return Subscription.of(t.topicFilter(), o.qos().value());
    }

    private static int subscriptionId(MqttProperties props) {
        long id = Props.integer(props, MqttPropertyType.SUBSCRIPTION_IDENTIFIER, 0);
        if (Props.has(props, MqttPropertyType.SUBSCRIPTION_IDENTIFIER) && (id == 0 || id > MAX_SUBSCRIPTION_ID)) {
            throw new ProtocolViolation("MQTT5-3.8.2.1.2", "Subscription Identifier " + id);
        }
        return (int) id;
    }
}
