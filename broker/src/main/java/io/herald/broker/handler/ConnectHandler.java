package io.herald.broker.handler;

import io.herald.broker.BrokerMetrics;
import io.herald.broker.auth.AuthResult;
import io.herald.broker.auth.Authenticator;
import io.herald.broker.auth.ConnectInfo;
import io.herald.broker.codec.Packets;
import io.herald.broker.codec.ProtocolViolation;
import io.herald.broker.session.Delivery;
import io.herald.broker.session.SessionRegistry;
import io.herald.broker.session.Will;
import io.herald.broker.topic.Topics;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CONNECT: validates it, authenticates through the {@link Authenticator}, attaches the session (taking
 * it over from an older connection) and answers CONNACK [MQTT-3.1], [MQTT-3.2].
 *
 * <p>Threads: {@link #clientIdFor} runs on the channel's loop (it decides which session loop owns the
 * connection); {@link #handle} and the completion of authentication run on that session loop.
 */
final class ConnectHandler {

    private static final Logger log = LoggerFactory.getLogger(ConnectHandler.class);

    private final Authenticator authenticator;
    private final SessionRegistry registry;
    private final Delivery delivery;
    private final KeepAlive keepAlive;
    private final BrokerMetrics metrics;
    private final PacketDispatcher.Redispatch redispatch;

    ConnectHandler(Authenticator authenticator, SessionRegistry registry, Delivery delivery, KeepAlive keepAlive,
            BrokerMetrics metrics, PacketDispatcher.Redispatch redispatch) {
        this.authenticator = authenticator;
        this.registry = registry;
        this.delivery = delivery;
        this.keepAlive = keepAlive;
        this.metrics = metrics;
        this.redispatch = redispatch;
    }

    /**
     * The client id the connection will use: the one sent, or a new unique one when it is empty and
     * the session is clean [MQTT-3.1.3-6]; null, after answering CONNACK 0x02 and closing, when it is
     * empty without a clean session [MQTT-3.1.3-8]. Channel loop.
     */
    String clientIdFor(Connection conn, MqttConnectMessage connect) {
        String clientId = connect.payload().clientIdentifier();
        if (!clientId.isEmpty()) {
            return clientId;
        }
        if (connect.variableHeader().isCleanSession()) {
            return "herald-" + UUID.randomUUID();
        }
        refuse(conn, MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, "empty client id without clean session");
        return null;
    }

    /** Session loop. */
    void handle(Connection conn, MqttConnectMessage connect) {
        if (conn.state != Connection.State.AWAITING_CONNECT) {
            throw new ProtocolViolation("MQTT-3.1.0-2", "second CONNECT");
        }
        MqttConnectVariableHeader header = connect.variableHeader();
        MqttConnectPayload payload = connect.payload();
        conn.version = MqttVersion.fromProtocolNameAndLevel(header.name(), (byte) header.version());
        conn.will = willOf(header, payload);
        if (header.hasPassword() && !header.hasUserName()) {
            throw new ProtocolViolation("MQTT-3.1.2-22", "password flag without user name flag");
        }
        conn.state = Connection.State.CONNECTING;
        ConnectInfo info = new ConnectInfo(conn.clientId, payload.userName(), payload.passwordInBytes(),
                header.version(), conn.channel().remoteAddress());
        authenticator.authenticate(info).whenCompleteAsync(
                (result, error) -> complete(conn, connect, result, error), conn.sessionLoop());
    }

    private Will willOf(MqttConnectVariableHeader header, MqttConnectPayload payload) {
        int willQos = header.willQos();
        if (!header.isWillFlag()) {
            if (willQos != 0) {
                throw new ProtocolViolation("MQTT-3.1.2-13", "will QoS without will flag");
            }
            if (header.isWillRetain()) {
                throw new ProtocolViolation("MQTT-3.1.2-15", "will retain without will flag");
            }
            return null;
        }
        if (willQos > 2) {
            throw new ProtocolViolation("MQTT-3.1.2-14", "will QoS 3");
        }
        if (!Topics.isValidName(payload.willTopic())) {
            throw new ProtocolViolation("MQTT-3.1.3-10", "invalid will topic: " + payload.willTopic());
        }
        return new Will(payload.willTopic(), payload.willMessageInBytes(), willQos, header.isWillRetain());
    }

    private void complete(Connection conn, MqttConnectMessage connect, AuthResult result, Throwable error) {
        if (conn.state == Connection.State.CLOSED) {
            return; // the client went away while it was being authenticated
        }
        if (error != null) {
            log.warn("authentication of client {} failed: {}", conn.clientId, error.toString());
            refuse(conn, MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, "authenticator error");
            return;
        }
        if (result instanceof AuthResult.Refused refused) {
            refuse(conn, codeFor(refused.refusal()), refused.reason());
            return;
        }
        conn.identity = ((AuthResult.Accepted) result).identity();
        boolean clean = connect.variableHeader().isCleanSession();
        SessionRegistry.Attached attached = registry.attach(conn.clientId, clean, conn);
        conn.session = attached.session();
        conn.state = Connection.State.CONNECTED;
        conn.accepted = true;
        metrics.connectAccepted();
        // [MQTT-3.2.2-1] [MQTT-3.2.2-2] [MQTT-3.2.2-3] session present tells whether state was resumed
        conn.send(Packets.connAck(MqttConnectReturnCode.CONNECTION_ACCEPTED, attached.sessionPresent()));
        keepAlive.start(conn.channel(), connect.variableHeader().keepAliveTimeSeconds());
        delivery.resume(attached.session());
        for (Object pending : conn.pendingWhileConnecting) {
            redispatch.dispatch(conn, pending);
        }
        conn.pendingWhileConnecting.clear();
    }

    /** CONNACK with a refusal, then close [MQTT-3.2.2-4] [MQTT-3.2.2-5]. Any loop. */
    private void refuse(Connection conn, MqttConnectReturnCode code, String reason) {
        metrics.connectRefused();
        log.debug("refused CONNECT from {} ({}): {} {}", conn.channel().remoteAddress(), conn.clientId, code, reason);
        conn.state = Connection.State.CLOSED;
        conn.send(Packets.connAck(code, false));
        conn.closeAfterFlush();
    }

    private static MqttConnectReturnCode codeFor(AuthResult.Refusal refusal) {
        return switch (refusal) {
            case BAD_USERNAME_OR_PASSWORD -> MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
            case NOT_AUTHORIZED -> MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
            case SERVER_UNAVAILABLE -> MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
        };
    }
}
