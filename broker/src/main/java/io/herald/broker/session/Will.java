package io.herald.broker.session;

import io.herald.broker.message.Message;

/**
 * The Will Message a client left in CONNECT, published when its connection ends without DISCONNECT
 * [MQTT-3.1.2-8]. Immutable.
 */
public record Will(String topic, byte[] payload, int qos, boolean retain) {

    public Message toMessage(String clientId, long nowMillis) {
        return new Message(topic, payload, qos, retain, clientId, nowMillis);
    }
}
