package io.herald.broker.handler;

import io.herald.broker.auth.AuthStep;
import io.herald.broker.auth.ConnectInfo;
import io.herald.broker.auth.EnhancedAuthenticator;
import io.herald.broker.codec.Packets;
import io.herald.broker.codec.Props;
import io.herald.broker.codec.ProtocolViolation;
import io.herald.broker.session.Rights;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;

/**
 * MQTT 5 AUTH from the client [MQTT-4.12]: the next step of the CONNECT's enhanced authentication,
 * or a re-authentication of a connected client (AUTH 0x19), answered with AUTH 0x18 / 0x00 or, when
 * it fails, DISCONNECT [MQTT-4.12.1-2].
 *
 * <p>Threads: runs on the session loop. Stateless.
 */
final class AuthHandler {

    private static final byte NOT_AUTHORIZED = (byte) 0x87;

    private final ConnectHandler connect;
    private final EnhancedAuthenticator enhanced;
    private final ConnectionRights rights;

    AuthHandler(ConnectHandler connect, EnhancedAuthenticator enhanced, ConnectionRights rights) {
        this.connect = connect;
        this.enhanced = enhanced;
        this.rights = rights;
    }

    void handle(Connection conn, MqttMessage auth) {
        MqttReasonCodeAndPropertiesVariableHeader h = (MqttReasonCodeAndPropertiesVariableHeader) auth.variableHeader();
        MqttProperties props = h.properties();
        String method = Props.string(props, MqttPropertyType.AUTHENTICATION_METHOD);
        byte[] data = Props.binary(props, MqttPropertyType.AUTHENTICATION_DATA);
        byte reason = h.reasonCode();
        String expected = conn.authMethod;
        if (expected == null || !expected.equals(method)) {
            // [MQTT-4.12.0-1] no AUTH without an Authentication Method in CONNECT; [MQTT-4.12.0-5] same method
            throw new ProtocolViolation("MQTT-4.12.0-5", "AUTH with method " + method + ", CONNECT used " + expected);
        }
        if (conn.state == Connection.State.CONNECTING) {
            if (reason != EnhancedAuth.CONTINUE || conn.auth == null) {
                throw new ProtocolViolation("MQTT-4.12.0-1", "unexpected AUTH reason " + reason + " during CONNECT");
            }
            connect.continueAuth(conn, data);
            return;
        }
        if (reason == EnhancedAuth.REAUTHENTICATE && conn.auth == null) {
            ConnectInfo info = new ConnectInfo(conn.clientId, conn.rights.identity().username(), null, 5,
                    conn.channel().remoteAddress(), conn.channel().attr(MqttPipeline.CLIENT_CERTIFICATE).get());
            conn.auth = new EnhancedAuth(method, enhanced.start(method, info), null);
        } else if (reason != EnhancedAuth.CONTINUE || conn.auth == null) {
            throw new ProtocolViolation("MQTT-4.12.1-1", "unexpected AUTH reason " + reason);
        }
        conn.auth.step(data, conn, step -> reauthStep(conn, step));
    }

    private void reauthStep(Connection conn, AuthStep step) {
        if (conn.state != Connection.State.CONNECTED || conn.auth == null) {
            return;
        }
        switch (step) {
            case AuthStep.Continue c -> conn.auth.challenge(conn, c.serverData());
            case AuthStep.Success s -> {
                conn.send(Packets.auth(EnhancedAuth.SUCCESS, conn.auth.properties(s.serverData())));
                conn.auth = null;
                // the new identity's rights apply from now on, to existing subscriptions too
                rights.replace(conn, new Rights(s.identity(), conn.rights.authorizer()));
            }
            case AuthStep.Failure f -> {
                conn.auth = null;
                conn.disconnect(NOT_AUTHORIZED, f.reason());
            }
        }
    }
}
