package io.herald.broker.handler;

import io.herald.broker.auth.Authorizer;
import io.herald.broker.codec.Packets;
import io.herald.broker.codec.ProtocolViolation;
import io.herald.broker.message.Message;
import io.herald.broker.session.Delivery;
import io.herald.broker.session.Session;
import io.herald.broker.session.SessionRegistry;
import io.herald.broker.store.RetainedStore;
import io.herald.broker.topic.Subscription;
import io.herald.broker.topic.TopicIndex;
import io.herald.broker.topic.Topics;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import java.util.ArrayList;
import java.util.List;

/**
 * SUBSCRIBE: validates every filter, asks the {@link Authorizer}, records the granted subscriptions,
 * answers SUBACK and then sends the matching retained messages [MQTT-3.8], [MQTT-3.3.1-6].
 *
 * <p>Threads: runs on the session loop. Stateless.
 */
final class SubscribeHandler {

    private static final int FAILURE = 0x80;

    private final TopicIndex<Session> index;
    private final SessionRegistry registry;
    private final RetainedStore retained;
    private final Delivery delivery;
    private final Authorizer authorizer;

    SubscribeHandler(TopicIndex<Session> index, SessionRegistry registry, RetainedStore retained, Delivery delivery,
            Authorizer authorizer) {
        this.index = index;
        this.registry = registry;
        this.retained = retained;
        this.delivery = delivery;
        this.authorizer = authorizer;
    }

    void handle(Connection conn, MqttSubscribeMessage subscribe) {
        List<MqttTopicSubscription> requested = subscribe.payload().topicSubscriptions();
        if (requested.isEmpty()) {
            throw new ProtocolViolation("MQTT-3.8.3-3", "SUBSCRIBE without a topic filter");
        }
        for (MqttTopicSubscription t : requested) {
            validate(t);
        }
        Session session = conn.session;
        int[] codes = new int[requested.size()];
        List<Subscription> granted = new ArrayList<>(requested.size());
        for (int i = 0; i < codes.length; i++) {
            MqttTopicSubscription t = requested.get(i);
            if (!authorizer.canSubscribe(conn.identity, t.topicFilter())) {
                codes[i] = FAILURE;
                continue;
            }
            Subscription sub = Subscription.of(t.topicFilter(), t.qualityOfService().value());
            // [MQTT-3.8.4-3] an identical filter replaces the previous subscription
            session.subscriptions().put(sub.filter(), sub);
            index.subscribe(session, sub);
            granted.add(sub);
            codes[i] = sub.qos();
        }
        registry.persist(session);
        conn.send(Packets.subAck(subscribe.variableHeader().messageId(), codes)); // [MQTT-3.8.4-1]
        for (Subscription sub : granted) {
            for (Message m : retained.match(sub.filter())) {
                delivery.deliver(session, m.withDelivery(Math.min(m.qos(), sub.qos()), true)); // [MQTT-3.3.1-8]
            }
        }
    }

    private void validate(MqttTopicSubscription t) {
        if (!Topics.isValidFilter(t.topicFilter())) {
            throw new ProtocolViolation("MQTT-4.7.1-1", "invalid topic filter '" + t.topicFilter() + "'");
        }
        MqttSubscriptionOption o = t.option();
        if (o.isNoLocal() || o.isRetainAsPublished()
                || o.retainHandling() != MqttSubscriptionOption.RetainedHandlingPolicy.SEND_AT_SUBSCRIBE) {
            throw new ProtocolViolation("MQTT-3.8.3-4", "reserved bits set in requested QoS byte");
        }
    }
}
