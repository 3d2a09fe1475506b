package io.herald.platform.mqtt;

import io.herald.broker.auth.Principal;
import java.util.Objects;

/**
 * A client's PUBLISH as the platform inspects it before the broker acknowledges and routes it.
 * Immutable; the arrays belong to it.
 *
 * @param publisher who published it (the principal its credential established at CONNECT)
 * @param protocolLevel 3, 4 or 5
 * @param responseTopic the MQTT 5 Response Topic, or null
 * @param correlationData the MQTT 5 Correlation Data, or null
 */
public record InboundMessage(String topic, byte[] payload, int qos, String clientId, Principal publisher,
        int protocolLevel, String responseTopic, byte[] correlationData) {

    public InboundMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(publisher, "publisher");
    }
}
