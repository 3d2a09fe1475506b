package io.herald.platform.device;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.platform.catalog.PropertyValue;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a property report, Huawei's {@code {"services":[{"service_id","properties":{…},"event_time"?}]}}
 * with {@code event_time} as {@code yyyyMMdd'T'HHmmss'Z'} (UTC) or absent/null for "now", into one value
 * per property. All or nothing: one bad service refuses the whole report. Stateless.
 */
public final class PropertyReport {

    static final int MAX_NAME = 128;
    static final int MAX_SERVICES = 64;
    static final int MAX_PROPERTIES = 512;
    private static final DateTimeFormatter EVENT_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private PropertyReport() {}

    /**
     * @throws InvalidPayloadException when the payload is not such a report
     */
    public static List<PropertyValue> parse(String thingId, byte[] payload, Instant now) throws InvalidPayloadException {
        JsonNode services = DeviceJson.object(payload, "a property report").get("services");
        if (services == null || !services.isArray() || services.isEmpty()) {
            throw new InvalidPayloadException("a property report needs a non-empty array \"services\"");
        }
        if (services.size() > MAX_SERVICES) {
            throw new InvalidPayloadException("a property report may hold at most " + MAX_SERVICES + " services");
        }
        List<PropertyValue> values = new ArrayList<>();
        for (JsonNode service : services) {
            if (!service.isObject()) {
                throw new InvalidPayloadException("each service must be an object");
            }
            String serviceId = name(service.get("service_id"), "service_id");
            JsonNode properties = service.get("properties");
            if (properties == null || !properties.isObject() || properties.isEmpty()) {
                throw new InvalidPayloadException("service " + serviceId + " needs a non-empty object \"properties\"");
            }
            if (properties.size() > MAX_PROPERTIES) {
                throw new InvalidPayloadException("service " + serviceId + " has more than " + MAX_PROPERTIES
                        + " properties");
            }
            Instant eventTime = eventTime(service.get("event_time"), now);
            for (Map.Entry<String, JsonNode> p : properties.properties()) {
                if (p.getKey().isEmpty() || p.getKey().length() > MAX_NAME) {
                    throw new InvalidPayloadException("a property name must have 1 to " + MAX_NAME + " characters");
                }
                values.add(new PropertyValue(thingId, serviceId, p.getKey(), DeviceJson.text(p.getValue()), eventTime, now));
            }
        }
        return values;
    }

    private static String name(JsonNode node, String field) throws InvalidPayloadException {
        if (node == null || !node.isTextual() || node.asText().isEmpty() || node.asText().length() > MAX_NAME) {
            throw new InvalidPayloadException("\"" + field + "\" must be a string of 1 to " + MAX_NAME + " characters");
        }
        return node.asText();
    }

    /** {@code yyyyMMdd'T'HHmmss'Z'} in UTC; absent or null is {@code now}. */
    static Instant eventTime(JsonNode node, Instant now) throws InvalidPayloadException {
        if (node == null || node.isNull()) {
            return now;
        }
        if (!node.isTextual()) {
            throw new InvalidPayloadException("\"event_time\" must be a string yyyyMMdd'T'HHmmss'Z'");
        }
        try {
            return LocalDateTime.parse(node.asText(), EVENT_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new InvalidPayloadException("\"event_time\" " + node + " is not yyyyMMdd'T'HHmmss'Z'");
        }
    }
}
