package io.herald.broker.session;

import io.herald.broker.message.Message;
import io.herald.broker.message.MessageProperties;

/**
 * The Will Message a client left in CONNECT, published when its connection ends without a normal
 * DISCONNECT [MQTT-3.1.2-8], after the MQTT 5 Will Delay Interval [MQTT-3.1.3-9]. Immutable.
 *
 * @param delaySeconds MQTT 5 Will Delay Interval, 0 for at once
 * @param expirySeconds MQTT 5 Message Expiry Interval of the will, -1 for none
 */
public record Will(
        String topic, byte[] payload, int qos, boolean retain, long delaySeconds, long expirySeconds,
        MessageProperties properties) {

    /** An MQTT 3 will: no delay, no expiry, no properties. */
    public Will(String topic, byte[] payload, int qos, boolean retain) {
        this(topic, payload, qos, retain, 0, -1, MessageProperties.NONE);
    }

    public Message toMessage(String clientId, long nowMillis) {
        long expiresAt = expirySeconds < 0 ? Message.NEVER : nowMillis + expirySeconds * 1000;
        return new Message(topic, payload, qos, retain, clientId, nowMillis, expiresAt, properties);
    }
}
