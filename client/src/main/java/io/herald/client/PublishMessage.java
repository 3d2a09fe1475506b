package io.herald.client;

import io.herald.client.internal.TopicNames;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A message to publish: topic, payload, QoS, retain and DUP flags, and MQTT 5 properties. Immutable
 * and validated: the topic is a valid MQTT topic name (no wildcards) and the QoS is 0, 1 or 2.
 *
 * @param topic the topic name
 * @param payload the payload bytes
 * @param qos 0, 1 or 2
 * @param retain whether the server keeps the message for later subscribers
 * @param dup the DUP flag of the first transmission (the client sets it itself on resends)
 * @param properties MQTT 5 properties, ignored on MQTT 3 connections
 */
public record PublishMessage(String topic, byte[] payload, int qos, boolean retain, boolean dup,
        MessageProperties properties) {

    public PublishMessage {
        TopicNames.checkTopicName(topic);
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(properties, "properties");
        if (qos < 0 || qos > 2) {
            // [MQTT-3.3.1-4] QoS 3 is a protocol error
            throw new IllegalArgumentException("qos must be 0, 1 or 2, not " + qos);
        }
        payload = payload.clone();
    }

    /** A QoS 0, not retained message with a UTF-8 text payload. */
    public static PublishMessage of(String topic, String payload) {
        return of(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** A QoS 0, not retained message. */
    public static PublishMessage of(String topic, byte[] payload) {
        return new PublishMessage(topic, payload, 0, false, false, MessageProperties.NONE);
    }

    /** A copy with another QoS. */
    public PublishMessage withQos(int value) {
        return new PublishMessage(topic, payload, value, retain, dup, properties);
    }

    /** A copy with another retain flag. */
    public PublishMessage withRetain(boolean value) {
        return new PublishMessage(topic, payload, qos, value, dup, properties);
    }

    /** A copy with another DUP flag. */
    public PublishMessage withDup(boolean value) {
        return new PublishMessage(topic, payload, qos, retain, value, properties);
    }

    /** A copy with other MQTT 5 properties. */
    public PublishMessage withProperties(MessageProperties value) {
        return new PublishMessage(topic, payload, qos, retain, dup, value);
    }

    /** The payload, copied. */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload's length in bytes. */
    public int payloadLength() {
        return payload.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublishMessage m && topic.equals(m.topic) && java.util.Arrays.equals(payload, m.payload)
                && qos == m.qos && retain == m.retain && dup == m.dup && properties.equals(m.properties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, java.util.Arrays.hashCode(payload), qos, retain, dup, properties);
    }

    @Override
    public String toString() {
        return "PublishMessage[topic=" + topic + ", " + payload.length + " bytes, qos=" + qos + ", retain=" + retain
                + "]";
    }
}
