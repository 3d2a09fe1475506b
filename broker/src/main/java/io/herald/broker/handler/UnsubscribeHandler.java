package io.herald.broker.handler;

import io.herald.broker.codec.Packets;
import io.herald.broker.codec.ProtocolViolation;
import io.herald.broker.session.Session;
import io.herald.broker.session.SessionRegistry;
import io.herald.broker.topic.Subscription;
import io.herald.broker.topic.TopicIndex;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import java.util.List;

/**
 * UNSUBSCRIBE: removes each filter the session holds (byte for byte, [MQTT-3.10.4-1]) and answers
 * UNSUBACK even when none matched [MQTT-3.10.4-5]; MQTT 5 gets a reason code per filter.
 *
 * <p>Threads: runs on the session loop. Stateless.
 */
final class UnsubscribeHandler {

    private static final short SUCCESS = 0x00;
    private static final short NO_SUBSCRIPTION_EXISTED = 0x11;
    private static final short TOPIC_FILTER_INVALID = 0x8F;

    private final TopicIndex<Session> index;
    private final SessionRegistry registry;

    UnsubscribeHandler(TopicIndex<Session> index, SessionRegistry registry) {
        this.index = index;
        this.registry = registry;
    }

    void handle(Connection conn, MqttUnsubscribeMessage unsubscribe) {
        List<String> filters = unsubscribe.payload().topics();
        if (filters.isEmpty()) {
            throw new ProtocolViolation("MQTT-3.10.3-2", "UNSUBSCRIBE without a topic filter");
        }
        Session session = conn.session;
        short[] codes = new short[filters.size()];
        for (int i = 0; i < codes.length; i++) {
            String filter = filters.get(i);
            if (!Subscription.isValid(filter)) {
                if (!conn.v5()) {
                    throw new ProtocolViolation("MQTT-4.7.1-1", "invalid topic filter '" + filter + "'");
                }
                codes[i] = TOPIC_FILTER_INVALID;
            } else if (session.subscriptions().remove(filter) != null) {
                index.unsubscribe(filter, session.clientId());
                codes[i] = SUCCESS;
            } else {
                codes[i] = NO_SUBSCRIPTION_EXISTED;
            }
        }
        registry.persist(session);
        conn.send(Packets.unsubAck(unsubscribe.variableHeader().messageId(), codes)); // [MQTT-3.10.4-4]
    }
}
