package io.herald.broker.handler;

import io.herald.broker.BrokerCore;
import io.herald.broker.BrokerMetrics;
import io.herald.broker.SessionEvent;
import io.herald.broker.codec.Packets;
import io.herald.broker.codec.Props;
import io.herald.broker.codec.ProtocolViolation;
import io.herald.broker.log.RateLimitedLog;
import io.herald.broker.route.Router;
import io.herald.broker.session.Delivery;
import io.herald.broker.session.SessionEvents;
import io.herald.broker.session.SessionRegistry;
import io.herald.broker.store.StoreException;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Hands each packet of a connection to the handler of its type, on the session loop, and is the one
 * place that turns a {@link ProtocolViolation} into an ended connection. Also ends the connection's
 * session role when its channel closes (will, detach).
 *
 * <p>Threads: {@link #dispatch}, {@link #writable} and {@link #connectionLost} run on the connection's
 * loop, which is its session's loop. Stateless; shared by all connections.
 */
final class PacketDispatcher {

    /** Re-entry for packets that arrived while the connection was being authenticated. */
    @FunctionalInterface
    interface Redispatch {
        void dispatch(Connection conn, Object packet);
    }

    private static final Logger log = LoggerFactory.getLogger(PacketDispatcher.class);
    private static final byte UNSPECIFIED_ERROR = (byte) 0x80;

    private final ConnectHandler connect;
    private final PublishHandler publish;
    private final SubscribeHandler subscribe;
    private final UnsubscribeHandler unsubscribe;
    private final AuthHandler auth;
    private final Delivery delivery;
    private final SessionRegistry registry;
    private final Router router;
    private final BrokerMetrics metrics;
    private final RateLimitedLog badClients;
    private final ConnectionRights rights;
    private final SessionEvents events;
    private final Clock clock;

    PacketDispatcher(BrokerCore core, KeepAlive keepAlive, ConnectionRights rights) {
        this.rights = rights;
        this.events = core.events();
        this.clock = core.clock();
        this.router = core.router();
        this.delivery = core.delivery();
        this.registry = core.registry();
        this.metrics = core.metrics();
        this.badClients = new RateLimitedLog(log, Level.INFO, Duration.ofMinutes(1), core.clock());
        this.connect = new ConnectHandler(core.authenticator(), core.enhancedAuthenticator(), core.authorizer(), rights,
                core.events(), registry, delivery,
                keepAlive, metrics, core.config(), this::dispatch);
        this.publish = new PublishHandler(core.ingress(), core.interceptors(), metrics, core.config(), core.clock());
        this.subscribe = new SubscribeHandler(core.index(), registry, core.retained(), delivery);
        this.unsubscribe = new UnsubscribeHandler(core.index(), registry);
        this.auth = new AuthHandler(connect, core.enhancedAuthenticator(), rights);
    }

    /**
     * Per-connection failures (malformed packets, protocol violations): each is logged at debug, and
     * summed up here at info, at most once a minute per kind with the count of the others.
     */
    RateLimitedLog badClients() {
        return badClients;
    }

    ConnectHandler connectHandler() {
        return connect;
    }

    /**
     * Handles {@code packet}, or holds it while the connection waits for its CONNACK. A PUBLISH's payload
     * reference is released here once the packet was handled or dropped (handlers borrow it), or passes
     * to the connection with the packet it holds.
     */
    void dispatch(Connection conn, Object packet) {
        boolean held = false;
        try {
            switch (conn.state) {
                case CLOSED -> {
                    return;
                }
                case CONNECTING -> {
                    if (!(packet instanceof MqttConnectMessage) && !isAuth(packet)) {
                        if (!conn.holdWhileConnecting(packet)) {
                            throw new ProtocolViolation("herald-limit", ProtocolViolation.QUOTA_EXCEEDED, "more than "
                                    + Connection.MAX_PENDING_WHILE_CONNECTING + " packets before CONNACK");
                        }
                        held = true;
                        return;
                    }
                }
                default -> { }
            }
            handle(conn, packet);
        } catch (ProtocolViolation v) {
            violation(conn, v);
        } catch (StoreException e) {
            storeFailure(conn, e);
        } finally {
            if (!held && packet instanceof PublishPacket p) {
                p.release();
            }
        }
    }

    /**
     * A packet whose handling needed a store write that failed (a SUBSCRIBE of a persistent session on a
     * full disk, say): the connection ends, MQTT 5 with DISCONNECT 0x80 and the reason, so the client
     * knows and tries again; the store logs the failure once, not per packet.
     */
    private void storeFailure(Connection conn, StoreException e) {
        log.debug("closing {}: {}", conn, e.getMessage());
        conn.disconnect(UNSPECIFIED_ERROR, "the broker's store cannot write: " + e.getMessage());
    }

    private static boolean isAuth(Object packet) {
        return packet instanceof MqttMessage m && m.fixedHeader().messageType() == MqttMessageType.AUTH;
    }

    private void handle(Connection conn, Object packet) {
        if (packet instanceof PublishPacket p) {
            publish.handle(conn, p);
            return;
        }
        MqttMessage m = (MqttMessage) packet;
        switch (m.fixedHeader().messageType()) {
            case CONNECT -> connect.handle(conn, (MqttConnectMessage) m);
            case PUBACK -> {
                delivery.onPubAck(conn.session, packetId(m));
                subscribe.resumeRetained(conn);
            }
            case PUBREC -> delivery.onPubRec(conn.session, packetId(m), reasonCode(m));
            case PUBREL -> publish.onPubRel(conn, packetId(m));
            case PUBCOMP -> {
                delivery.onPubComp(conn.session, packetId(m));
                subscribe.resumeRetained(conn);
            }
            case SUBSCRIBE -> subscribe.handle(conn, (MqttSubscribeMessage) m);
            case UNSUBSCRIBE -> unsubscribe.handle(conn, (MqttUnsubscribeMessage) m);
            case PINGREQ -> conn.send(Packets.pingResp()); // [MQTT-3.12.4-1]
            case DISCONNECT -> disconnect(conn, m);
            case AUTH -> auth.handle(conn, m);
            default -> throw new ProtocolViolation("MQTT-2.2.1", m.fixedHeader().messageType()
                    + " is not sent by clients");
        }
    }

    /** DISCONNECT from the client [MQTT-3.14]: the will is discarded unless MQTT 5 reason 0x04 asks for it. */
    private void disconnect(Connection conn, MqttMessage m) {
        if (conn.v5() && m.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader h) {
            long expiry = Props.integer(h.properties(), MqttPropertyType.SESSION_EXPIRY_INTERVAL, -1);
            if (expiry >= 0) {
                if (conn.connectExpiryInterval == 0 && expiry > 0) {
                    throw new ProtocolViolation("MQTT-3.14.2-2", "session expiry set in DISCONNECT after 0 in CONNECT");
                }
                registry.changeExpiry(conn.session, expiry);
            }
            // [MQTT-3.1.2-10] only a normal disconnection (0x00) discards the will; 0x04 and errors keep it
            conn.cleanDisconnect = h.reasonCode() == 0;
            conn.ended(h.reasonCode() == 0 ? "client disconnected"
                    : "client disconnected with reason 0x" + Integer.toHexString(h.reasonCode() & 0xFF));
        } else {
            conn.cleanDisconnect = true; // [MQTT-3.14.4-3] the will is discarded
            conn.ended("client disconnected");
        }
        conn.state = Connection.State.CLOSED;
        conn.close(); // [MQTT-3.14.4-1]
    }

    /**
     * The connection can take more: queued QoS 1/2 deliveries, then retained messages held back for it,
     * go on. Session loop.
     */
    void writable(Connection conn) {
        if (conn.state == Connection.State.CONNECTED && conn.session != null) {
            delivery.drain(conn.session);
        }
        subscribe.resumeRetained(conn);
    }

    /** The channel closed: the session is detached, the will published unless the client said DISCONNECT. */
    void connectionLost(Connection conn) {
        try {
            endSessionRole(conn);
        } catch (StoreException e) {
            log.debug("{} ended while the store cannot write: {}", conn, e.getMessage());
        }
    }

    private void endSessionRole(Connection conn) {
        conn.state = Connection.State.CLOSED;
        rights.closed(conn);
        conn.ended("connection lost");
        if (conn.accepted && events.hasListeners()) {
            events.emit(new SessionEvent.Disconnected(conn.clientId, conn.rights.identity().principal(),
                    conn.closeReason, clock.instant()));
        }
        if (conn.session != null && conn.session.owner() == conn) {
            router.redistribute(conn.session, delivery.takeBackShared(conn.session)); // [MQTT5-4.8.2]
        }
        if (conn.session != null) {
            registry.detach(conn.session, conn, conn.accepted && !conn.cleanDisconnect ? conn.will : null);
        }
    }

    private void violation(Connection conn, ProtocolViolation v) {
        metrics.protocolViolation();
        log.debug("closing {}: {}", conn, v.getMessage());
        badClients.log("protocol", "closed a connection that broke the protocol, e.g. {}: {}", conn, v.getMessage());
        if (conn.v5() && !conn.accepted) {
            // [MQTT-4.13.1-1] an MQTT 5 CONNECT that breaks the rules is answered with a CONNACK reason code
            connect.refuse(conn, connAckCode(v.reasonCode()), v.getMessage());
        } else {
            conn.disconnect(v.reasonCode(), v.getMessage());
        }
    }

    private static MqttConnectReturnCode connAckCode(byte reasonCode) {
        for (MqttConnectReturnCode c : MqttConnectReturnCode.values()) {
            if (c.byteValue() == reasonCode) {
                return c;
            }
        }
        return MqttConnectReturnCode.CONNECTION_REFUSED_PROTOCOL_ERROR;
    }

    private static int packetId(MqttMessage m) {
        return ((MqttMessageIdVariableHeader) m.variableHeader()).messageId();
    }

    private static byte reasonCode(MqttMessage m) {
        return m.variableHeader() instanceof MqttPubReplyMessageVariableHeader h ? h.reasonCode() : 0;
    }
}
