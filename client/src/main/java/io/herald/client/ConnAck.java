package io.herald.client;

import java.util.List;

/**
 * The server's answer to CONNECT, as the {@code connect} event and {@link HeraldMqttClient#connect()}
 * report it. Immutable; MQTT 5 values take their protocol defaults on MQTT 3.
 *
 * @param sessionPresent whether the server resumed a stored session
 * @param reasonCode the CONNACK return code (MQTT 3) or reason code (MQTT 5); 0 on success
 * @param assignedClientId the client id the server assigned, or null
 * @param serverKeepAlive the keep alive the server imposes in seconds, or -1
 * @param receiveMaximum QoS 1/2 publishes the server accepts unacknowledged
 * @param maximumQos the highest QoS the server accepts
 * @param retainAvailable whether the server accepts retained messages
 * @param maximumPacketSize the largest packet the server accepts, 0 for no limit
 * @param reasonString the server's reason string, or null
 * @param userProperties the server's user properties
 */
public record ConnAck(boolean sessionPresent, int reasonCode, String assignedClientId, int serverKeepAlive,
        int receiveMaximum, int maximumQos, boolean retainAvailable, long maximumPacketSize, String reasonString,
        List<UserProperty> userProperties) {

    public ConnAck {
        userProperties = List.copyOf(userProperties);
    }
}
