package io.herald.client;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The MQTT 5 properties of a PUBLISH; MQTT 3 connections neither send nor receive them. Immutable;
 * absent values are null (or empty lists).
 *
 * @param payloadFormatUtf8 payload format indicator: true for UTF-8 text, false for bytes, null absent
 * @param messageExpirySeconds message expiry interval in seconds, or null
 * @param contentType MIME type of the payload, or null
 * @param responseTopic topic for a response, or null
 * @param correlationData correlation data, or null
 * @param userProperties user properties, in order
 * @param subscriptionIdentifiers identifiers of the subscriptions that matched (received messages only)
 */
public record MessageProperties(
        Boolean payloadFormatUtf8,
        Long messageExpirySeconds,
        String contentType,
        String responseTopic,
        byte[] correlationData,
        List<UserProperty> userProperties,
        List<Integer> subscriptionIdentifiers) {

    /** No properties. */
    public static final MessageProperties NONE = new MessageProperties(null, null, null, null, null, List.of(),
            List.of());

    public MessageProperties {
        userProperties = List.copyOf(Objects.requireNonNull(userProperties, "userProperties"));
        subscriptionIdentifiers = List.copyOf(Objects.requireNonNull(subscriptionIdentifiers,
                "subscriptionIdentifiers"));
        correlationData = correlationData == null ? null : correlationData.clone();
        if (messageExpirySeconds != null && (messageExpirySeconds < 0 || messageExpirySeconds > 0xFFFF_FFFFL)) {
            throw new IllegalArgumentException("message expiry must be 0..4294967295 seconds");
        }
    }

    /** Properties holding only these user properties. */
    public static MessageProperties ofUserProperties(List<UserProperty> userProperties) {
        return NONE.withUserProperties(userProperties);
    }

    /** A copy with these user properties. */
    public MessageProperties withUserProperties(List<UserProperty> value) {
        return new MessageProperties(payloadFormatUtf8, messageExpirySeconds, contentType, responseTopic,
                correlationData, value, subscriptionIdentifiers);
    }

    /** A copy with this message expiry interval in seconds (null: none). */
    public MessageProperties withMessageExpirySeconds(Long value) {
        return new MessageProperties(payloadFormatUtf8, value, contentType, responseTopic, correlationData,
                userProperties, subscriptionIdentifiers);
    }

    /** A copy with this content type (null: none). */
    public MessageProperties withContentType(String value) {
        return new MessageProperties(payloadFormatUtf8, messageExpirySeconds, value, responseTopic, correlationData,
                userProperties, subscriptionIdentifiers);
    }

    /** A copy with this response topic and correlation data (either may be null). */
    public MessageProperties withResponse(String topic, byte[] correlation) {
        return new MessageProperties(payloadFormatUtf8, messageExpirySeconds, contentType, topic, correlation,
                userProperties, subscriptionIdentifiers);
    }

    /** A copy with this payload format indicator (null: none). */
    public MessageProperties withPayloadFormatUtf8(Boolean value) {
        return new MessageProperties(value, messageExpirySeconds, contentType, responseTopic, correlationData,
                userProperties, subscriptionIdentifiers);
    }

    /** The correlation data, copied; null when absent. */
    @Override
    public byte[] correlationData() {
        return correlationData == null ? null : correlationData.clone();
    }

    /** True when no property is set. */
    public boolean isEmpty() {
        return payloadFormatUtf8 == null && messageExpirySeconds == null && contentType == null
                && responseTopic == null && correlationData == null && userProperties.isEmpty()
                && subscriptionIdentifiers.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageProperties p && Objects.equals(payloadFormatUtf8, p.payloadFormatUtf8)
                && Objects.equals(messageExpirySeconds, p.messageExpirySeconds)
                && Objects.equals(contentType, p.contentType) && Objects.equals(responseTopic, p.responseTopic)
                && Arrays.equals(correlationData, p.correlationData) && userProperties.equals(p.userProperties)
                && subscriptionIdentifiers.equals(p.subscriptionIdentifiers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(payloadFormatUtf8, messageExpirySeconds, contentType, responseTopic,
                Arrays.hashCode(correlationData), userProperties, subscriptionIdentifiers);
    }

    @Override
    public String toString() {
        return "MessageProperties[userProperties=" + userProperties + ", contentType=" + contentType
                + ", messageExpirySeconds=" + messageExpirySeconds + ", responseTopic=" + responseTopic
                + ", subscriptionIdentifiers=" + subscriptionIdentifiers + "]";
    }
}
