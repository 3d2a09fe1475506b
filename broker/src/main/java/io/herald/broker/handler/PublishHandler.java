package io.herald.broker.handler;

import io.herald.broker.BrokerMetrics;
import io.herald.broker.BrokerMetrics.DropReason;
import io.herald.broker.auth.Authorizer;
import io.herald.broker.codec.Packets;
import io.herald.broker.codec.ProtocolViolation;
import io.herald.broker.message.Message;
import io.herald.broker.route.Router;
import io.herald.broker.topic.Topics;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Inbound PUBLISH and its QoS flows: QoS 0 routed, QoS 1 routed then PUBACK [MQTT-4.3.2-2], QoS 2
 * routed once per packet id then PUBREC, and PUBREL answered with PUBCOMP [MQTT-4.3.3-2].
 * Acknowledgements wait until the message is durable (see {@link AckSequencer}).
 * Unauthorised messages are acknowledged (MQTT 3 has no negative acknowledgement), dropped and counted.
 *
 * <p>Threads: runs on the publisher's session loop. Stateless.
 */
final class PublishHandler {

    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final Router router;
    private final Authorizer authorizer;
    private final BrokerMetrics metrics;
    private final Clock clock;

    PublishHandler(Router router, Authorizer authorizer, BrokerMetrics metrics, Clock clock) {
        this.router = router;
        this.authorizer = authorizer;
        this.metrics = metrics;
        this.clock = clock;
    }

    void handle(Connection conn, PublishPacket p) {
        if (!Topics.isValidName(p.topic())) {
            throw new ProtocolViolation("MQTT-4.7.3-1", "invalid topic name '" + p.topic() + "'");
        }
        metrics.received();
        switch (p.qos()) {
            case 0 -> routeIfAllowed(conn, p);
            case 1 -> conn.acks.acknowledge(conn, Packets.pubAck(p.packetId()), routeIfAllowed(conn, p));
            default -> {
                // [MQTT-4.3.3-2] a resent packet id whose PUBREL has not come is not routed again
                CompletionStage<Void> durable = conn.session.beginInboundQos2(p.packetId())
                        ? routeIfAllowed(conn, p)
                        : DONE;
                conn.acks.acknowledge(conn, Packets.pubRec(p.packetId()), durable);
            }
        }
    }

    void onPubRel(Connection conn, int packetId) {
        conn.session.releaseInboundQos2(packetId);
        conn.send(Packets.pubComp(packetId)); // [MQTT-4.3.3-2] also for an id we no longer know
    }

    private CompletionStage<Void> routeIfAllowed(Connection conn, PublishPacket p) {
        if (Topics.isBrokerReserved(p.topic())) {
            metrics.dropped(DropReason.RESERVED_TOPIC);
            return DONE;
        }
        if (!authorizer.canPublish(conn.identity, p.topic())) {
            metrics.dropped(DropReason.NOT_AUTHORIZED);
            return DONE;
        }
        return router.route(new Message(p.topic(), p.payload(), p.qos(), p.retain(), conn.clientId, clock.millis()));
    }
}
