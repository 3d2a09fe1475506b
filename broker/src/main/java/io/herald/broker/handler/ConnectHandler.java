package io.herald.broker.handler;

import io.herald.broker.BrokerConfig;
import io.herald.broker.BrokerMetrics;
import io.herald.broker.SessionEvent;
import io.herald.broker.auth.AuthResult;
import io.herald.broker.auth.AuthStep;
import io.herald.broker.auth.Authenticator;
import io.herald.broker.auth.Authorizer;
import io.herald.broker.auth.ClientIdentity;
import io.herald.broker.auth.ConnectInfo;
import io.herald.broker.auth.EnhancedAuthenticator;
import io.herald.broker.codec.Packets;
import io.herald.broker.codec.Props;
import io.herald.broker.codec.ProtocolViolation;
import io.herald.broker.session.Delivery;
import io.herald.broker.session.Rights;
import io.herald.broker.session.Session;
import io.herald.broker.session.SessionEvents;
import io.herald.broker.session.SessionRegistry;
import io.herald.broker.store.StoreException;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CONNECT: validates it, authenticates it (plainly through the {@link Authenticator}, or through an
 * MQTT 5 enhanced authentication exchange), attaches the session (taking it over from an older
 * connection) and answers CONNACK [MQTT-3.1], [MQTT-3.2].
 *
 * <p>Threads: {@link #clientIdFor} runs on the channel's loop (it decides which session loop owns the
 * connection); {@link #handle} and the completion of authentication run on that session loop.
 */
final class ConnectHandler {

    private static final Logger log = LoggerFactory.getLogger(ConnectHandler.class);

    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private final ConnectionRights rights;
    private final SessionEvents events;
    private final EnhancedAuthenticator enhanced;
    private final SessionRegistry registry;
    private final Delivery delivery;
    private final KeepAlive keepAlive;
    private final BrokerMetrics metrics;
    private final ConnAcks connAcks;
    private final PacketDispatcher.Redispatch redispatch;

    ConnectHandler(Authenticator authenticator, EnhancedAuthenticator enhanced, Authorizer authorizer,
            ConnectionRights rights, SessionEvents events, SessionRegistry registry, Delivery delivery, KeepAlive keepAlive, BrokerMetrics metrics,
            BrokerConfig config, PacketDispatcher.Redispatch redispatch) {
        this.redispatch = redispatch;
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.rights = rights;
        this.events = events;
        this.enhanced = enhanced;
        this.registry = registry;
        this.delivery = delivery;
        this.keepAlive = keepAlive;
        this.metrics = metrics;
        this.connAcks = new ConnAcks(config);
    }

    /**
     * The client id the connection will use: the one sent, or a new unique one when it is empty and
     * the session is clean [MQTT-3.1.3-6] (MQTT 5: whenever it is empty); null, after answering
     * CONNACK 0x02 and closing, when it is empty without a clean session [MQTT-3.1.3-8]. Channel loop.
     */
    String clientIdFor(Connection conn, MqttConnectMessage connect) {
        String clientId = connect.payload().clientIdentifier();
        if (!clientId.isEmpty()) {
            return clientId;
        }
        if (connect.variableHeader().isCleanSession() || connect.variableHeader().version() == 5) {
            conn.assignedClientId = true;
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
        conn.version = MqttVersion.fromProtocolNameAndLevel(connect.variableHeader().name(),
                (byte) connect.variableHeader().version());
        ConnectSettings settings = ConnectSettings.of(connect);
        conn.will = settings.will();
        conn.problemInformation = settings.problemInformation();
        conn.clientReceiveMaximum = settings.receiveMaximum();
        conn.clientMaximumPacketSize = settings.maximumPacketSize();
        conn.aliases.outboundMaximum(settings.topicAliasMaximum());
        conn.connectExpiryInterval = settings.sessionExpiry();
        conn.authMethod = settings.authMethod();
        conn.state = Connection.State.CONNECTING;
        ConnectInfo info = new ConnectInfo(conn.clientId, connect.payload().userName(),
                connect.payload().passwordInBytes(), connect.variableHeader().version(),
                conn.channel().remoteAddress(), conn.channel().attr(MqttPipeline.CLIENT_CERTIFICATE).get());
        if (settings.authMethod() != null) {
            if (!enhanced.supports(settings.authMethod())) {
                refuse(conn, MqttConnectReturnCode.CONNECTION_REFUSED_BAD_AUTHENTICATION_METHOD,
                        "authentication method " + settings.authMethod() + " is not supported");
                return;
            }
            conn.auth = new EnhancedAuth(settings.authMethod(), enhanced.start(settings.authMethod(), info), settings);
            conn.auth.step(settings.authData(), conn, step -> authStep(conn, settings, step));
            return;
        }
        authenticator.authenticate(info).whenCompleteAsync((result, error) -> {
            if (conn.state != Connection.State.CONNECTING) {
                return; // the client went away while it was being authenticated
            }
            if (error != null) {
                log.warn("authentication of client {} failed: {}", conn.clientId, error.toString());
                refuse(conn, AuthResult.Refusal.SERVER_UNAVAILABLE, "authenticator error");
            } else if (result instanceof AuthResult.Refused refused) {
                refuse(conn, refused.refusal(), refused.reason());
            } else {
                accept(conn, settings, ((AuthResult.Accepted) result).identity(), null);
            }
        }, conn.sessionLoop());
    }

    /** Continues a CONNECT's enhanced authentication with the client's AUTH packet. Session loop. */
    void continueAuth(Connection conn, byte[] clientData) {
        ConnectSettings settings = conn.auth.settings();
        conn.auth.step(clientData, conn, step -> authStep(conn, settings, step));
    }

    private void authStep(Connection conn, ConnectSettings settings, AuthStep step) {
        if (conn.state != Connection.State.CONNECTING) {
            return;
        }
        switch (step) {
            case AuthStep.Continue c -> conn.auth.challenge(conn, c.serverData());
            case AuthStep.Success s -> {
                conn.auth = null;
                accept(conn, settings, s.identity(), s.serverData());
            }
            case AuthStep.Failure f -> refuse(conn, f.refusal(), f.reason());
        }
    }

    private void accept(Connection conn, ConnectSettings settings, ClientIdentity identity, byte[] serverAuthData) {
        if (rights.expired(identity)) {
            refuse(conn, AuthResult.Refusal.NOT_AUTHORIZED, "credential expired");
            return;
        }
        conn.rights = new Rights(identity, authorizer);
        SessionRegistry.Attached attached;
        try {
            attached = registry.attach(conn.clientId, settings.cleanStart(), settings.sessionExpiry(), conn);
        } catch (StoreException e) {
            // the session needs the store, which cannot write now: refused, the client may try again later
            Session session = registry.get(conn.clientId);
            if (session != null && session.owner() == conn) {
                registry.detach(session, conn, null);
            }
            refuse(conn, AuthResult.Refusal.SERVER_UNAVAILABLE, "the broker's store cannot write: " + e.getMessage());
            return;
        }
        conn.session = attached.session();
        rights.attached(conn, conn.rights, attached.sessionPresent());
        conn.state = Connection.State.CONNECTED;
        conn.accepted = true;
        metrics.connectAccepted();
        int keepAliveSeconds = connAcks.keepAlive(settings);
        // [MQTT-3.2.2-1] [MQTT-3.2.2-2] [MQTT-3.2.2-3] session present tells whether state was resumed
        // MQTT 3.1 has no session present flag: that byte is reserved and stays 0; a clean start is told 0
        // even when a pinned session resumed underneath it
        boolean sessionPresent = attached.sessionPresent() && !settings.cleanStart()
                && conn.version != MqttVersion.MQTT_3_1;
        conn.send(Packets.connAck(MqttConnectReturnCode.CONNECTION_ACCEPTED, sessionPresent,
                conn.v5() ? connAcks.properties(conn, settings, keepAliveSeconds, serverAuthData)
                        : MqttProperties.NO_PROPERTIES));
        keepAlive.start(conn.channel(), keepAliveSeconds);
        conn.connectedSince = conn.clock().instant();
        if (events.hasListeners()) {
            events.emit(new SessionEvent.Connected(conn.clientId, identity.principal(), conn.version.protocolLevel(),
                    conn.transport(), conn.channel().remoteAddress(), conn.connectedSince));
        }
        delivery.resume(attached.session());
        for (Object pending : conn.takeHeldPackets()) {
            redispatch.dispatch(conn, pending);
        }
    }

    private void refuse(Connection conn, AuthResult.Refusal refusal, String reason) {
        refuse(conn, ConnAcks.codeFor(refusal, conn.v5()), reason);
    }

    /** CONNACK with a refusal, then close [MQTT-3.2.2-4] [MQTT-3.2.2-5]. Any loop. */
    void refuse(Connection conn, MqttConnectReturnCode code, String reason) {
        metrics.connectRefused();
        log.debug("refused CONNECT from {} ({}): {} {}", conn.channel().remoteAddress(), conn.clientId, code, reason);
        conn.state = Connection.State.CLOSED;
        conn.send(Packets.connAck(code, false, conn.v5() && conn.problemInformation
                ? Props.reasonWithin(reason, 2, conn.clientMaximumPacketSize)
                : MqttProperties.NO_PROPERTIES));
        conn.closeAfterFlush();
    }
}
