package io.herald.broker.handler;

import io.herald.broker.codec.Packets;
import io.herald.broker.codec.ProtocolViolation;
import io.herald.broker.session.Session;
import io.herald.broker.session.SessionRegistry;
import io.herald.broker.topic.TopicIndex;
import io.herald.broker.topic.Topics;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import java.util.List;

/**
 * UNSUBSCRIBE: removes each filter the session holds (byte for byte, [MQTT-3.10.4-1]) and answers
 * UNSUBACK even when none matched [MQTT-3.10.4-5].
 *
 * <p>Threads: runs on the session loop. Stateless.
 */
final class UnsubscribeHandler {

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
        for (String filter : filters) {
            if (!Topics.isValidFilter(filter)) {
                throw new ProtocolViolation("MQTT-4.7.1-1", "invalid topic filter '" + filter + "'");
            }
        }
        Session session = conn.session;
        for (String filter : filters) {
            if (session.subscriptions().remove(filter) != null) {
                index.unsubscribe(filter, session.clientId());
            }
        }
        registry.persist(session);
        conn.send(Packets.unsubAck(unsubscribe.variableHeader().messageId())); // [MQTT-3.10.4-4]
    }
}
