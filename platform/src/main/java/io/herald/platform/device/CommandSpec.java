package io.herald.platform.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * What a command asks of a thing, as Huawei's command body has it. Immutable.
 *
 * @param serviceId null when the command names none
 * @param commandName null when the command names none
 * @param paras the parameters as JSON text of an object
 */
public record CommandSpec(String serviceId, String commandName, String paras) {

    public CommandSpec {
        Objects.requireNonNull(paras, "paras");
    }

    /** The body published to the thing: {@code {"object_device_id","service_id","command_name","paras"}}. */
    byte[] payload(String thingId) {
        ObjectNode o = DeviceJson.MAPPER.createObjectNode().put("object_device_id", thingId);
        if (serviceId != null) {
            o.put("service_id", serviceId);
        }
        if (commandName != null) {
            o.put("command_name", commandName);
        }
        try {
            o.set("paras", DeviceJson.MAPPER.readTree(paras));
            return DeviceJson.MAPPER.writeValueAsBytes(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("paras is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
