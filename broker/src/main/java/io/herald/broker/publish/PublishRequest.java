package io.herald.broker.publish;

import io.herald.broker.message.Payload;
import io.herald.broker.topic.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A message to publish from inside the process ({@code Broker.publish}), with every property an MQTT 5
 * client could send, so services built on the broker (HTTP publish, push, device commands) lose nothing.
 * Validated at construction, then immutable: the payload and correlation data are copied in; their
 * accessors return the request's own arrays, which must not be modified.
 *
 * <pre>{@code
 * PublishRequest r = PublishRequest.builder("devices/pump-7/commands", bytes)
 *         .qos(1).contentType("application/json").messageExpirySeconds(60L)
 *         .origin(Origin.platform()).build();
 * }</pre>
 *
 * @param topic a topic name: no wildcards [MQTT-3.3.2-2], not empty [MQTT-4.7.3-1]
 * @param qos 0, 1 or 2
 * @param messageExpirySeconds MQTT 5 Message Expiry Interval, null for none [MQTT-3.3.2-5]
 * @param contentType null for none
 * @param payloadUtf8 MQTT 5 Payload Format Indicator: true for UTF-8 text (checked), false for bytes,
 *     null to send none
 * @param responseTopic a topic name, null for none
 * @param correlationData null for none
 * @param userProperties in order; names may repeat
 * @param origin whose rights the publish is checked against
 */
public record PublishRequest(String topic, byte[] payload, int qos, boolean retain, Long messageExpirySeconds,
        String contentType, Boolean payloadUtf8, String responseTopic, byte[] correlationData,
        List<UserProperty> userProperties, Origin origin) {

    /** The largest value of a two-byte length prefix: topic names, strings and binary data [MQTT-1.5.4]. */
    private static final int MAX_FIELD = 65_535;
    /** The largest remaining length of any MQTT packet [MQTT-2.2.3]. */
    private static final int MAX_PAYLOAD = 268_435_455;
    private static final long MAX_EXPIRY = 4_294_967_295L;

    /** @throws IllegalArgumentException with the reason, when the request is not a valid MQTT message */
    public PublishRequest {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(origin, "origin");
        if (!Topics.isValidName(topic) || utf8Length(topic) > MAX_FIELD) {
            throw new IllegalArgumentException("invalid topic name: '" + topic + "'");
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2: " + qos);
        }
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes exceeds MQTT's maximum");
        }
        if (messageExpirySeconds != null && (messageExpirySeconds < 0 || messageExpirySeconds > MAX_EXPIRY)) {
            throw new IllegalArgumentException("message expiry must be 0.." + MAX_EXPIRY + " seconds: "
                    + messageExpirySeconds);
        }
        if (Boolean.TRUE.equals(payloadUtf8) && !Payload.isUtf8(ByteBuffer.wrap(payload))) {
            throw new IllegalArgumentException("payload is not UTF-8 though payloadUtf8 says so [MQTT-3.3.2-4]");
        }
        checkString("content type", contentType);
        checkString("response topic", responseTopic);
        if (responseTopic != null && !Topics.isValidName(responseTopic)) {
            throw new IllegalArgumentException("response topic is not a topic name: '" + responseTopic + "'");
        }
        if (correlationData != null && correlationData.length > MAX_FIELD) {
            throw new IllegalArgumentException("correlation data longer than " + MAX_FIELD + " bytes");
        }
        userProperties = List.copyOf(userProperties);
        for (UserProperty u : userProperties) {
            checkString("user property name", u.name());
            checkString("user property value", u.value());
        }
        payload = payload.clone();
        correlationData = correlationData == null ? null : correlationData.clone();
    }

    /** A builder for a QoS 0, not retained message from {@link Origin#platform()} without properties. */
    public static Builder builder(String topic, byte[] payload) {
        return new Builder(topic, payload);
    }

    private static void checkString(String what, String value) {
        if (value != null && (utf8Length(value) > MAX_FIELD || value.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException(what + " is longer than " + MAX_FIELD + " bytes or holds U+0000");
        }
    }

    private static long utf8Length(String s) {
        return s.length() * 3L <= MAX_FIELD ? s.length() : s.getBytes(StandardCharsets.UTF_8).length;
    }


    /** Collects a request's fields; {@link #build} validates them. Not thread-safe. */
    public static final class Builder {
        private final String topic;
        private final byte[] payload;
        private int qos;
        private boolean retain;
        private Long messageExpirySeconds;
        private String contentType;
        private Boolean payloadUtf8;
        private String responseTopic;
        private byte[] correlationData;
        private final List<UserProperty> userProperties = new ArrayList<>();
        private Origin origin = Origin.platform();

        private Builder(String topic, byte[] payload) {
            this.topic = topic;
            this.payload = payload;
        }

        public Builder qos(int value) {
            qos = value;
            return this;
        }

        public Builder retain(boolean value) {
            retain = value;
            return this;
        }

        public Builder messageExpirySeconds(Long value) {
            messageExpirySeconds = value;
            return this;
        }

        public Builder contentType(String value) {
            contentType = value;
            return this;
        }

        public Builder payloadUtf8(Boolean value) {
            payloadUtf8 = value;
            return this;
        }

        public Builder responseTopic(String value) {
            responseTopic = value;
            return this;
        }

        public Builder correlationData(byte[] value) {
            correlationData = value;
            return this;
        }

        /** Adds one user property. */
        public Builder userProperty(String name, String value) {
            userProperties.add(new UserProperty(name, value));
            return this;
        }

        public Builder userProperties(List<UserProperty> values) {
            userProperties.addAll(values);
            return this;
        }

        public Builder origin(Origin value) {
            origin = value;
            return this;
        }

        /** @throws IllegalArgumentException with the reason, when the fields do not make a valid MQTT message */
        public PublishRequest build() {
            return new PublishRequest(topic, payload, qos, retain, messageExpirySeconds, contentType, payloadUtf8,
                    responseTopic, correlationData, userProperties, origin);
        }
    }
}
