package io.herald.platform.device;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.platform.mqtt.BrokerGateway;
import io.herald.platform.mqtt.OutgoingMessage;
import io.herald.platform.mqtt.PublishResult;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Device messages down, as IoTDA: {@code {"object_device_id","name","id","content"}} published to
 * {@code $oc/devices/{thingID}/sys/messages/down} at QoS 1. Any thread; never blocks. Stateless.
 */
public final class DeviceMessages {

    /** A message sent: its id and how many sessions it was routed to. Immutable. */
    public record Sent(String messageId, PublishResult result) {}

    private final BrokerGateway broker;

    DeviceMessages(BrokerGateway broker) {
        this.broker = broker;
    }

    /**
     * @param name null for none
     * @param messageId null to generate one
     * @param contentJson the content as JSON text (any JSON value)
     */
    public CompletionStage<Sent> send(String thingId, String name, String messageId, String contentJson) {
        String id = messageId == null ? UUID.randomUUID().toString() : messageId;
        ObjectNode body = DeviceJson.MAPPER.createObjectNode().put("object_device_id", thingId);
        if (name != null) {
            body.put("name", name);
        }
        body.put("id", id);
        byte[] payload;
        try {
            body.set("content", DeviceJson.MAPPER.readTree(contentJson));
            payload = DeviceJson.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("content is not JSON: " + e.getOriginalMessage(), e);
        }
        OutgoingMessage m = new OutgoingMessage(DeviceTopics.messagesDown(thingId), payload, 1, false, null,
                "application/json", true, null, null, List.of());
        return broker.publish(m, Commands.PLATFORM).thenApply(r -> new Sent(id, r));
    }
}
