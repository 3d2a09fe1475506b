package io.herald.broker.handler;

import io.herald.broker.BrokerConfig;
import io.herald.broker.auth.AuthResult;
import io.herald.broker.codec.Props;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;

/**
 * What CONNACK tells a client about the server [MQTT-3.2.2]: MQTT 5 properties that state the
 * server's real limits and features, and the return code of each refusal at each protocol level.
 * Stateless.
 */
final class ConnAcks {

    private static final int ANY_KEEP_ALIVE = 65_535;

    private final BrokerConfig config;

    ConnAcks(BrokerConfig config) {
        this.config = config;
    }

    /** The keep alive in force: the client's, or ours when we override it (MQTT 5 Server Keep Alive). */
    int keepAlive(ConnectSettings settings) {
        int requested = settings.keepAlive();
        if (!settings.v5() || config.maxKeepAlive() == ANY_KEEP_ALIVE) {
            return requested;
        }
        return requested == 0 || requested > config.maxKeepAlive() ? config.maxKeepAlive() : requested;
    }

    MqttProperties properties(Connection conn, ConnectSettings settings, int keepAliveSeconds, byte[] authData) {
        MqttProperties p = new MqttProperties();
        Props.add(p, MqttPropertyType.RECEIVE_MAXIMUM, config.receiveMaximum());
        Props.add(p, MqttPropertyType.MAXIMUM_PACKET_SIZE, config.maxPacketSize());
        if (config.topicAliasMaximum() > 0) {
            Props.add(p, MqttPropertyType.TOPIC_ALIAS_MAXIMUM, config.topicAliasMaximum());
        }
        // Maximum QoS is left out: absent means QoS 2 is supported (the property may only say 0 or 1)
        Props.add(p, MqttPropertyType.RETAIN_AVAILABLE, 1);
        Props.add(p, MqttPropertyType.WILDCARD_SUBSCRIPTION_AVAILABLE, 1);
        Props.add(p, MqttPropertyType.SUBSCRIPTION_IDENTIFIER_AVAILABLE, 1);
        Props.add(p, MqttPropertyType.SHARED_SUBSCRIPTION_AVAILABLE, 1);
        if (keepAliveSeconds != settings.keepAlive()) {
            Props.add(p, MqttPropertyType.SERVER_KEEP_ALIVE, keepAliveSeconds); // [MQTT-3.2.2-21]
        }
        if (conn.assignedClientId) {
            Props.add(p, MqttPropertyType.ASSIGNED_CLIENT_IDENTIFIER, conn.clientId); // [MQTT-3.2.2-16]
        }
        if (settings.responseInformation()) {
            Props.add(p, MqttPropertyType.RESPONSE_INFORMATION, responseInformation(conn.clientId));
        }
        if (settings.authMethod() != null) {
            Props.add(p, MqttPropertyType.AUTHENTICATION_METHOD, settings.authMethod());
            if (authData != null) {
                Props.add(p, MqttPropertyType.AUTHENTICATION_DATA, authData);
            }
        }
        return p;
    }

    /** The topic prefix a client that asked for Response Information may build response topics on. */
    static String responseInformation(String clientId) {
        return "response/" + clientId + "/";
    }

    static MqttConnectReturnCode codeFor(AuthResult.Refusal refusal, boolean v5) {
        return switch (refusal) {
            case BAD_USERNAME_OR_PASSWORD -> v5
                    ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
                    : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
            case NOT_AUTHORIZED -> v5
                    ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                    : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
            case SERVER_UNAVAILABLE -> v5
                    ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5
                    : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
        };
    }
}
