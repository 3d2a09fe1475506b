package io.herald.broker.message;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An application message as the broker routes it: immutable, shared by every subscriber it reaches.
 *
 * <p>The payload is shared by every copy of the message (one per subscriber, with its QoS and retain
 * flag) and written to each subscriber's socket without a copy; whoever keeps a message beyond the call
 * that handed it over takes a reference with {@link #retainPayload()} and gives it back with
 * {@link #releasePayload()} (see {@link Payload} for the rules). {@code publisherId} is the client id
 * of the sender (empty for broker-originated messages) and serves No Local and diagnostics.
 *
 * @param expiresAtMillis when the MQTT 5 Message Expiry Interval runs out (clock millis), or
 *     {@link #NEVER} [MQTT-3.3.2-5]
 * @param trackingId the id under which deliveries of this message are reported to a
 *     {@link io.herald.broker.publish.DeliveryTracker}, or null when nobody tracks it; kept in the store
 *     with the message, never sent to clients
 */
public record Message(
        String topic,
        Payload payload,
        int qos,
        boolean retain,
        String publisherId,
        long createdAtMillis,
        long expiresAtMillis,
        MessageProperties properties,
        String trackingId) {

    /** {@code expiresAtMillis} of a message without a Message Expiry Interval. */
    public static final long NEVER = Long.MAX_VALUE;

    public Message {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(publisherId, "publisherId");
        Objects.requireNonNull(properties, "properties");
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2: " + qos);
        }
    }

    /** An untracked message. */
    public Message(String topic, Payload payload, int qos, boolean retain, String publisherId, long createdAtMillis,
            long expiresAtMillis, MessageProperties properties) {
        this(topic, payload, qos, retain, publisherId, createdAtMillis, expiresAtMillis, properties, null);
    }

    /** An untracked message with a heap payload. */
    public Message(String topic, byte[] payload, int qos, boolean retain, String publisherId, long createdAtMillis,
            long expiresAtMillis, MessageProperties properties) {
        this(topic, Payload.of(payload), qos, retain, publisherId, createdAtMillis, expiresAtMillis, properties, null);
    }

    /** A message with a heap payload, without expiry or MQTT 5 properties. */
    public Message(String topic, byte[] payload, int qos, boolean retain, String publisherId, long createdAtMillis) {
        this(topic, payload, qos, retain, publisherId, createdAtMillis, NEVER, MessageProperties.NONE);
    }

    /** Takes a reference to the payload, for a holder that keeps the message beyond the call. */
    public Message retainPayload() {
        payload.retain();
        return this;
    }

    /** Gives back a reference taken with {@link #retainPayload()}, or the creator's own. */
    public void releasePayload() {
        payload.release();
    }

    /** The same message with its payload on the heap, for holders that keep it indefinitely. */
    public Message onHeap() {
        Payload heap = payload.onHeap();
        return heap == payload ? this : new Message(topic, heap, qos, retain, publisherId, createdAtMillis,
                expiresAtMillis, properties, trackingId);
    }

    /** The same message with another QoS and retain flag, as delivered to one subscription. */
    public Message withDelivery(int deliveredQos, boolean deliveredRetain) {
        if (deliveredQos == qos && deliveredRetain == retain) {
            return this;
        }
        return new Message(topic, payload, deliveredQos, deliveredRetain, publisherId, createdAtMillis,
                expiresAtMillis, properties, trackingId);
    }

    /** The message as delivered to one session: its granted QoS, retain flag and subscription identifiers. */
    public Message forSubscriber(int deliveredQos, boolean deliveredRetain, List<Integer> subscriptionIds) {
        MessageProperties props = properties.withSubscriptionIds(subscriptionIds);
        if (deliveredQos == qos && deliveredRetain == retain && props == properties) {
            return this;
        }
        return new Message(topic, payload, deliveredQos, deliveredRetain, publisherId, createdAtMillis,
                expiresAtMillis, props, trackingId);
    }

    public boolean expired(long nowMillis) {
        return nowMillis >= expiresAtMillis;
    }

    /** Seconds left of the Message Expiry Interval, as forwarded to subscribers [MQTT-3.3.2-6]; -1 if none. */
    public long remainingExpirySeconds(long nowMillis) {
        if (expiresAtMillis == NEVER) {
            return -1;
        }
        return Math.max(0, (expiresAtMillis - nowMillis + 999) / 1000);
    }

    public int size() {
        return topic.length() + payload.length();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message m
                && qos == m.qos
                && retain == m.retain
                && createdAtMillis == m.createdAtMillis
                && expiresAtMillis == m.expiresAtMillis
                && topic.equals(m.topic)
                && publisherId.equals(m.publisherId)
                && Objects.equals(trackingId, m.trackingId)
                && payload.equals(m.payload)
                && propertiesEqual(properties, m.properties);
    }

    private static boolean propertiesEqual(MessageProperties a, MessageProperties b) {
        return a.payloadFormat() == b.payloadFormat()
                && Objects.equals(a.contentType(), b.contentType())
                && Objects.equals(a.responseTopic(), b.responseTopic())
                && Arrays.equals(a.correlationData(), b.correlationData())
                && a.userProperties().equals(b.userProperties())
                && a.subscriptionIds().equals(b.subscriptionIds());
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, qos, retain, publisherId, createdAtMillis, expiresAtMillis) * 31
                + payload.hashCode();
    }

    @Override
    public String toString() {
        return "Message[topic=" + topic + ", qos=" + qos + ", retain=" + retain + ", bytes=" + payload.length()
                + ", from=" + publisherId + "]";
    }
}
