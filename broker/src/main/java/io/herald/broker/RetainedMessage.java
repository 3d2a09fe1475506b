package io.herald.broker;

import java.time.Instant;

/**
 * A retained message as {@link Broker#retained(String, int)} and {@link Broker#retainedMessage(String)}
 * read it. Immutable; the payload array is the broker's own and must not be modified.
 *
 * @param createdAt when the broker received it
 * @param expiresAt when its MQTT 5 Message Expiry Interval runs out; null for never
 * @param contentType its MQTT 5 Content Type, or null
 */
public record RetainedMessage(String topic, int payloadSize, int qos, Instant createdAt, Instant expiresAt,
        String contentType, byte[] payload) {}
