package io.herald.broker.handler;

import io.herald.broker.auth.AuthResult;
import io.herald.broker.auth.AuthStep;
import io.herald.broker.auth.EnhancedAuthenticator;
import io.herald.broker.codec.Packets;
import io.herald.broker.codec.Props;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import java.util.function.Consumer;

/**
 * An MQTT 5 enhanced authentication exchange in progress on one connection [MQTT-4.12]: for its
 * CONNECT ({@code settings} not null) or for a re-authentication of a connected client.
 *
 * <p>Threads: owned by the connection's session loop; steps complete back on that loop.
 */
record EnhancedAuth(String method, EnhancedAuthenticator.Conversation conversation, ConnectSettings settings) {

    static final byte SUCCESS = 0x00;
    static final byte CONTINUE = 0x18;
    static final byte REAUTHENTICATE = 0x19;

    /** Feeds the client's data to the authenticator; {@code next} gets the decision on the session loop. */
    void step(byte[] clientData, Connection conn, Consumer<AuthStep> next) {
        conversation.step(clientData).whenCompleteAsync((step, error) -> next.accept(error == null ? step
                : new AuthStep.Failure(AuthResult.Refusal.SERVER_UNAVAILABLE,
                        "authenticator error")), conn.sessionLoop());
    }

    /** AUTH 0x18 Continue authentication, with the method and the server's data [MQTT-4.12.0-2]. */
    void challenge(Connection conn, byte[] serverData) {
        conn.send(Packets.auth(CONTINUE, properties(serverData)));
    }

    MqttProperties properties(byte[] data) {
        MqttProperties p = new MqttProperties();
        Props.add(p, MqttPropertyType.AUTHENTICATION_METHOD, method);
        if (data != null) {
            Props.add(p, MqttPropertyType.AUTHENTICATION_DATA, data);
        }
        return p;
    }
}
