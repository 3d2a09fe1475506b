package io.herald.broker.handler;

import io.herald.broker.BrokerCore;
import io.herald.broker.BrokerMetrics;
import io.herald.broker.codec.Packets;
import io.herald.broker.codec.ProtocolViolation;
import io.herald.broker.route.Router;
import io.herald.broker.session.Delivery;
import io.herald.broker.session.SessionRegistry;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each packet of a connection to the handler of its type, on the session loop, and is the one
 * place that turns a {@link ProtocolViolation} into a closed connection. Also ends the connection's
 * session role when its channel closes (will, detach).
 *
 * <p>Threads: {@link #dispatch} and {@link #connectionLost} run on the connection's session loop.
 * Stateless; shared by all connections.
 */
final class PacketDispatcher {

    /** Re-entry for packets that arrived while the connection was being authenticated. */
    @FunctionalInterface
    interface Redispatch {
        void dispatch(Connection conn, Object packet);
    }

    private static final Logger log = LoggerFactory.getLogger(PacketDispatcher.class);

    private final ConnectHandler connect;
    private final PublishHandler publish;
    private final SubscribeHandler subscribe;
    private final UnsubscribeHandler unsubscribe;
    private final Delivery delivery;
    private final SessionRegistry registry;
    private final Router router;
    private final BrokerMetrics metrics;
    private final Clock clock;

    PacketDispatcher(BrokerCore core, KeepAlive keepAlive) {
        this.delivery = core.delivery();
        this.registry = core.registry();
        this.router = core.router();
        this.metrics = core.metrics();
        this.clock = core.clock();
        this.connect = new ConnectHandler(core.authenticator(), registry, delivery, keepAlive, metrics, this::dispatch);
        this.publish = new PublishHandler(router, core.authorizer(), metrics, clock);
        this.subscribe = new SubscribeHandler(core.index(), registry, core.retained(), delivery, core.authorizer());
        this.unsubscribe = new UnsubscribeHandler(core.index(), registry);
    }

    ConnectHandler connectHandler() {
        return connect;
    }

    void dispatch(Connection conn, Object packet) {
        try {
            switch (conn.state) {
                case CLOSED -> {
                    return;
                }
                case CONNECTING -> {
                    if (!(packet instanceof MqttConnectMessage)) {
                        if (conn.pendingWhileConnecting.size() >= Connection.MAX_PENDING_WHILE_CONNECTING) {
                            throw new ProtocolViolation("herald-limit", "more than " + Connection.MAX_PENDING_WHILE_CONNECTING + " packets before CONNACK");
                        }
                        conn.pendingWhileConnecting.add(packet);
                        return;
                    }
                }
                default -> { }
            }
            handle(conn, packet);
        } catch (ProtocolViolation v) {
            violation(conn, v);
        }
    }

    private void handle(Connection conn, Object packet) {
        if (packet instanceof PublishPacket p) {
            publish.handle(conn, p);
            return;
        }
        MqttMessage m = (MqttMessage) packet;
        switch (m.fixedHeader().messageType()) {
            case CONNECT -> connect.handle(conn, (MqttConnectMessage) m);
            case PUBACK -> delivery.onPubAck(conn.session, packetId(m));
            case PUBREC -> delivery.onPubRec(conn.session, packetId(m));
            case PUBREL -> publish.onPubRel(conn, packetId(m));
            case PUBCOMP -> delivery.onPubComp(conn.session, packetId(m));
            case SUBSCRIBE -> subscribe.handle(conn, (MqttSubscribeMessage) m);
            case UNSUBSCRIBE -> unsubscribe.handle(conn, (MqttUnsubscribeMessage) m);
            case PINGREQ -> conn.send(Packets.pingResp()); // [MQTT-3.12.4-1]
            case DISCONNECT -> {
                conn.cleanDisconnect = true; // [MQTT-3.14.4-3] the will is discarded
                conn.will = null;
                conn.close(); // [MQTT-3.14.4-1]
            }
            default -> throw new ProtocolViolation("MQTT-2.2.1", m.fixedHeader().messageType()
                    + " is not sent by clients");
        }
    }

    /** The channel closed: publish the will unless the client said DISCONNECT, detach the session. */
    void connectionLost(Connection conn) {
        conn.state = Connection.State.CLOSED;
        if (conn.session != null) {
            registry.detach(conn.session, conn);
        }
        if (conn.accepted && conn.will != null && !conn.cleanDisconnect) {
            router.route(conn.will.toMessage(conn.clientId, clock.millis())); // [MQTT-3.1.2-8]
        }
    }

    private void violation(Connection conn, ProtocolViolation v) {
        metrics.protocolViolation();
        log.debug("closing {}: {}", conn, v.getMessage());
        conn.close(); // MQTT 3: the server closes the network connection [MQTT-4.8.0-1]
    }

    private static int packetId(MqttMessage m) {
        return ((MqttMessageIdVariableHeader) m.variableHeader()).messageId();
    }
}
