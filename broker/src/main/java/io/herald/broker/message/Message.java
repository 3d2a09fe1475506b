package io.herald.broker.message;

import java.util.Arrays;
import java.util.Objects;

/**
 * An application message as the broker routes it: immutable, shared by every subscriber it reaches.
 *
 * <p>The payload array is never modified after construction and is wrapped, not copied, for each
 * subscriber. {@code publisherId} is the client id of the sender (empty for broker-originated
 * messages) and serves No Local and diagnostics.
 */
public record Message(
        String topic, byte[] payload, int qos, boolean retain, String publisherId, long createdAtMillis) {

    public Message {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(publisherId, "publisherId");
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2: " + qos);
        }
    }

    /** The same message with another QoS and retain flag, as delivered to one subscription. */
    public Message withDelivery(int deliveredQos, boolean deliveredRetain) {
        if (deliveredQos == qos && deliveredRetain == retain) {
            return this;
        }
        return new Message(topic, payload, deliveredQos, deliveredRetain, publisherId, createdAtMillis);
    }

    public int size() {
        return topic.length() + payload.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message m
                && qos == m.qos
                && retain == m.retain
                && createdAtMillis == m.createdAtMillis
                && topic.equals(m.topic)
                && publisherId.equals(m.publisherId)
                && Arrays.equals(payload, m.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, qos, retain, publisherId, createdAtMillis) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Message[topic=" + topic + ", qos=" + qos + ", retain=" + retain + ", bytes=" + payload.length
                + ", from=" + publisherId + "]";
    }
}
