package io.herald.broker.publish;

import io.herald.broker.auth.ClientIdentity;
import java.util.List;
import java.util.Objects;

/**
 * A client's PUBLISH as a {@link PublishInterceptor} sees it: who sent it (the identity its credential
 * established at CONNECT, with its principal) and the message with its MQTT 5 properties. Immutable; the
 * arrays are the broker's, shared with the message it will route: read them, never modify them.
 *
 * @param protocolLevel 3 (MQTT 3.1), 4 (3.1.1) or 5
 * @param messageExpirySeconds null when the message does not expire
 * @param payloadUtf8 the payload format indicator; null when absent
 * @param contentType null when absent
 * @param responseTopic null when absent
 * @param correlationData null when absent
 * @param userProperties in the order the publisher sent them
 */
public record InboundPublish(ClientIdentity publisher, int protocolLevel, String topic, byte[] payload, int qos,
        boolean retain, Long messageExpirySeconds, Boolean payloadUtf8, String contentType, String responseTopic,
        byte[] correlationData, List<UserProperty> userProperties) {

    public InboundPublish {
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        userProperties = List.copyOf(userProperties);
    }
}
