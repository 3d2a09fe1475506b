package io.herald.broker.handler;

import io.herald.broker.BrokerConfig;
import io.herald.broker.BrokerMetrics;
import io.herald.broker.codec.Packets;
import io.herald.broker.codec.Props;
import io.herald.broker.codec.ProtocolViolation;
import io.herald.broker.codec.PublishEncoding;
import io.herald.broker.message.Message;
import io.herald.broker.message.MessageProperties;
import io.herald.broker.publish.PublishInterceptor;
import io.herald.broker.publish.PublishVerdict;
import io.herald.broker.route.Ingress;
import io.herald.broker.route.Interceptors;
import io.herald.broker.route.Router;
import io.herald.broker.topic.Topics;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Inbound PUBLISH and its QoS flows: QoS 0 routed, QoS 1 routed then PUBACK [MQTT-4.3.2-2], QoS 2
 * routed once per packet id then PUBREC, and PUBREL answered with PUBCOMP [MQTT-4.3.3-2].
 * Acknowledgements wait until the message is durable (see {@link AckSequencer}). MQTT 5 adds topic
 * aliases, properties, message expiry, the payload format check and reason codes; MQTT 3 has no
 * negative acknowledgement, so refused messages are acknowledged, dropped and counted. A message on a
 * topic a {@link PublishInterceptor} registered for is routed only once it accepted it (see {@link
 * Interception}).
 *
 * <p>The packet's payload is borrowed: the message shares it, and routing takes what references it
 * keeps (see {@link io.herald.broker.message.Payload}).
 *
 * <p>Threads: runs on the publisher's session loop. Stateless.
 */
final class PublishHandler {

    static final byte NO_MATCHING_SUBSCRIBERS = 0x10;
    static final byte PACKET_ID_NOT_FOUND = (byte) 0x92;
    private static final byte SUCCESS = 0x00;
    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final Ingress ingress;
    private final Interceptors interceptors;
    private final BrokerMetrics metrics;
    private final BrokerConfig config;
    private final Clock clock;

    PublishHandler(Ingress ingress, Interceptors interceptors, BrokerMetrics metrics, BrokerConfig config, Clock clock) {
        this.ingress = ingress;
        this.interceptors = interceptors;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    void handle(Connection conn, PublishPacket p) {
        boolean v5 = conn.v5();
        String topic = v5 ? resolveTopic(conn, p) : p.topic();
        if (!Topics.isValidName(topic)) {
            throw new ProtocolViolation("MQTT-4.7.3-1", "invalid topic name '" + topic + "'");
        }
        metrics.received();
        boolean fresh = p.qos() < 2 || !conn.session.hasInboundQos2(p.packetId());
        if (v5 && p.qos() > 0 && fresh && conn.acks.pending() + conn.session.inboundQos2Count() >= config.receiveMaximum()) {
            throw new ProtocolViolation("MQTT-3.3.4-9", ProtocolViolation.RECEIVE_MAXIMUM_EXCEEDED,
                    "more than " + config.receiveMaximum() + " unacknowledged QoS 1/2 messages");
        }
        MessageProperties props = v5 ? PublishEncoding.fromWire(p.properties()) : MessageProperties.NONE;
        byte refusal = SUCCESS;
        if (props.payloadFormat() == 1 && !p.payload().isUtf8()) {
            if (p.qos() == 0) {
                throw new ProtocolViolation("MQTT5-3.3.2.3.2", ProtocolViolation.PAYLOAD_FORMAT_INVALID,
                        "payload is not UTF-8 though its format indicator says so");
            }
            refusal = ProtocolViolation.PAYLOAD_FORMAT_INVALID;
        }
        long now = clock.millis();
        long expirySeconds = v5 ? Props.integer(p.properties(), MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL, -1) : -1;
        Message message = new Message(topic, p.payload(), p.qos(), p.retain(), conn.clientId, now,
                expirySeconds < 0 ? Message.NEVER : now + expirySeconds * 1000, props);
        PublishInterceptor interceptor = refusal == SUCCESS && fresh ? interceptors.find(topic) : null;
        if (interceptor == null) {
            proceed(conn, p, fresh, refusal, message, null);
            return;
        }
        CompletableFuture<PublishVerdict> verdict = Interception.inspect(interceptor, conn, message);
        if (verdict.isDone()) {
            proceed(conn, p, fresh, Interception.reason(verdict.join(), metrics), message, null);
        } else {
            if (p.qos() == 2) {
                conn.session.beginInboundQos2(p.packetId()); // a resend while the verdict is out is not inspected again
            }
            CompletableFuture<MqttMessage> slot = p.qos() > 0 ? conn.acks.reserve(conn) : null;
            message.retainPayload(); // the packet's reference ends with this call; the verdict comes later
            verdict.thenAcceptAsync(v -> {
                try {
                    proceed(conn, p, true, Interception.reason(v, metrics), message, slot);
                } finally {
                    message.releasePayload();
                }
            }, conn.sessionLoop());
        }
    }

    /**
     * Routes and acknowledges the message, or refuses it with {@code refusal}.
     *
     * @param slot where the acknowledgement goes when its place was reserved; null to queue it now
     */
    private void proceed(Connection conn, PublishPacket p, boolean fresh, byte refusal, Message message,
            CompletableFuture<MqttMessage> slot) {
        switch (p.qos()) {
            case 0 -> {
                if (refusal == SUCCESS) {
                    ingress.publish(message, conn.rights);
                }
            }
            case 1 -> acknowledge(conn, MqttMessageType.PUBACK, p.packetId(), refusal, message, slot);
            default -> {
                if (fresh) {
                    conn.session.beginInboundQos2(p.packetId());
                    acknowledge(conn, MqttMessageType.PUBREC, p.packetId(), refusal, message, slot);
                } else {
                    // [MQTT-4.3.3-2] a resent packet id whose PUBREL has not come is not routed again
                    conn.acks.acknowledge(conn, Packets.pubReply(MqttMessageType.PUBREC, p.packetId(), SUCCESS,
                            MqttProperties.NO_PROPERTIES), DONE);
                }
            }
        }
    }

    void onPubRel(Connection conn, int packetId) {
        boolean known = conn.session.hasInboundQos2(packetId);
        conn.session.releaseInboundQos2(packetId);
        // [MQTT-4.3.3-2] answered also for an id we no longer know (MQTT 5 says so with 0x92)
        conn.send(Packets.pubReply(MqttMessageType.PUBCOMP, packetId, known ? SUCCESS : PACKET_ID_NOT_FOUND,
                MqttProperties.NO_PROPERTIES));
    }

    private void acknowledge(Connection conn, MqttMessageType type, int packetId, byte refusal, Message message,
            CompletableFuture<MqttMessage> slot) {
        byte reason = refusal;
        CompletionStage<Void> durable = DONE;
        if (reason == SUCCESS) {
            Router.Routed routed = ingress.publish(message, conn.rights);
            if (routed.refused() != null) {
                reason = (byte) routed.refused().reasonCode(); // 0x87 for reserved topics too [MQTT-3.3.5-2]
            } else {
                reason = routed.sessions() == 0 ? NO_MATCHING_SUBSCRIBERS : SUCCESS;
                durable = routed.durable();
            }
        }
        if (reason != SUCCESS && reason != NO_MATCHING_SUBSCRIBERS && type == MqttMessageType.PUBREC) {
            conn.session.releaseInboundQos2(packetId); // [MQTT5-4.3.3] a refused QoS 2 flow ends at PUBREC
        }
        MqttMessage ack = Packets.pubReply(type, packetId, reason, MqttProperties.NO_PROPERTIES);
        if (slot == null) {
            conn.acks.acknowledge(conn, ack, durable);
        } else {
            conn.acks.fill(slot, ack, durable);
        }
    }

    /** The property identifiers a PUBLISH may carry [MQTT5-2.2.2.2]. */
    private static final Set<Integer> PUBLISH_PROPERTIES = Set.of(0x01, 0x02, 0x03, 0x08, 0x09,
            0x0B, 0x23, 0x26);

    private static String resolveTopic(Connection conn, PublishPacket p) {
        MqttProperties props = p.properties();
        for (MqttProperties.MqttProperty<?> property : props.listAll()) {
            if (!PUBLISH_PROPERTIES.contains(property.propertyId())) {
                throw new ProtocolViolation("MQTT5-2.2.2.2", ProtocolViolation.MALFORMED,
                        "property 0x" + Integer.toHexString(property.propertyId()) + " is not a PUBLISH property");
            }
        }
        String responseTopic = Props.string(props, MqttPropertyType.RESPONSE_TOPIC);
        if (responseTopic != null && !Topics.isValidName(responseTopic)) {
            throw new ProtocolViolation("MQTT-3.3.2-14", "Response Topic '" + responseTopic + "' is not a topic name");
        }
        if (Props.has(props, MqttPropertyType.SUBSCRIPTION_IDENTIFIER)) {
            throw new ProtocolViolation("MQTT-3.3.4-6", "PUBLISH from a client with a Subscription Identifier");
        }
        long alias = Props.integer(props, MqttPropertyType.TOPIC_ALIAS, -1);
        if (alias == 0) {
            throw new ProtocolViolation("MQTT-3.3.2-8", ProtocolViolation.TOPIC_ALIAS_INVALID, "topic alias 0");
        }
        return conn.aliases.resolve(p.topic(), alias < 0 ? 0 : (int) alias);
    }
}
