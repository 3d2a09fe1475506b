package io.herald.platform.mqtt;

import java.util.List;
import java.util.Objects;

/**
 * A message the platform publishes through the broker (the REST API's {@code POST /api/mqtt/messages}),
 * with the MQTT 5 properties a PUBLISH can carry. Immutable; the arrays belong to it once built.
 *
 * @param messageExpirySeconds null for none
 * @param contentType null for none
 * @param payloadUtf8 the payload format indicator; null for none
 * @param responseTopic null for none
 * @param correlationData null for none
 */
public record OutgoingMessage(String topic, byte[] payload, int qos, boolean retain, Long messageExpirySeconds,
        String contentType, Boolean payloadUtf8, String responseTopic, byte[] correlationData,
        List<UserProperty> userProperties) {

    /** An MQTT 5 user property. */
    public record UserProperty(String name, String value) {}

    public OutgoingMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        userProperties = List.copyOf(userProperties);
    }
}
