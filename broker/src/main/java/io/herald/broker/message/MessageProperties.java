package io.herald.broker.message;

import io.herald.broker.publish.UserProperty;
import java.util.List;

/**
 * The MQTT 5 properties an application message carries from publisher to subscribers unchanged
 * [MQTT-3.3.2-4] [MQTT-3.3.2-17] [MQTT-3.3.2-20]: payload format, content type, response topic,
 * correlation data and user properties. Immutable; MQTT 3 messages use {@link #NONE}.
 *
 * @param payloadFormat 0 unspecified bytes, 1 UTF-8 text, -1 when the publisher sent none
 * @param contentType null when absent
 * @param responseTopic null when absent
 * @param correlationData null when absent; never modified
 * @param subscriptionIds the identifiers of the receiving session's matching subscriptions, set per
 *     delivery [MQTT-3.3.4-3]; empty as published
 */
public record MessageProperties(
        int payloadFormat,
        String contentType,
        String responseTopic,
        byte[] correlationData,
        List<UserProperty> userProperties,
        List<Integer> subscriptionIds) {

    public static final MessageProperties NONE = new MessageProperties(-1, null, null, null, List.of(), List.of());

    public MessageProperties {
        userProperties = List.copyOf(userProperties);
        subscriptionIds = List.copyOf(subscriptionIds);
    }

    /** The same properties carrying {@code ids} as the subscription identifiers of one delivery. */
    public MessageProperties withSubscriptionIds(List<Integer> ids) {
        if (ids.equals(subscriptionIds)) {
            return this;
        }
        return new MessageProperties(payloadFormat, contentType, responseTopic, correlationData, userProperties, ids);
    }

    public boolean isEmpty() {
        return payloadFormat < 0 && contentType == null && responseTopic == null && correlationData == null
                && userProperties.isEmpty() && subscriptionIds.isEmpty();
    }
}
