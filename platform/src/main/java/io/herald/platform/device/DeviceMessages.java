package io.herald.platform.device;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.broker.publish.Origin;
import io.herald.broker.publish.PublishOutcome;
import io.herald.broker.publish.PublishRequest;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Device messages down, as IoTDA: {@code {"object_device_id","name","id","content"}} published to
 * {@code $oc/devices/{thingID}/sys/messages/down} at QoS 1. Any thread; never blocks. Stateless.
 */
public final class DeviceMessages {

    /** A message sent: its id and how many sessions it was routed to. Immutable. */
    public record Sent(String messageId, PublishOutcome outcome) {}

    private final DeviceBroker broker;

    DeviceMessages(DeviceBroker broker) {
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
        PublishRequest m = PublishRequest.builder(DeviceTopics.messagesDown(thingId), payload).qos(1)
                .contentType("application/json").payloadUtf8(true).origin(Origin.platform()).build();
        return broker.publish(m).thenApply(r -> new Sent(id, r));
    }
}
