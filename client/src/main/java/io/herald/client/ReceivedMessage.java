package io.herald.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A message the server delivered to this client. Immutable.
 *
 * @param topic the topic it was published to
 * @param payload the payload bytes
 * @param qos the QoS it was delivered with
 * @param retain true when it is a retained message sent on subscribing
 * @param dup true when the server says it may be a redelivery
 * @param properties MQTT 5 properties ({@link MessageProperties#NONE} on MQTT 3)
 */
public record ReceivedMessage(String topic, byte[] payload, int qos, boolean retain, boolean dup,
        MessageProperties properties) {

    public ReceivedMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(properties, "properties");
        payload = payload.clone();
    }

    /** The payload, copied. */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload decoded as UTF-8. */
    public String payloadAsString() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReceivedMessage m && topic.equals(m.topic) && Arrays.equals(payload, m.payload)
                && qos == m.qos && retain == m.retain && dup == m.dup && properties.equals(m.properties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, Arrays.hashCode(payload), qos, retain, dup, properties);
    }

    @Override
    public String toString() {
        return "ReceivedMessage[topic=" + topic + ", " + payload.length + " bytes, qos=" + qos + ", retain=" + retain
                + "]";
    }
}
