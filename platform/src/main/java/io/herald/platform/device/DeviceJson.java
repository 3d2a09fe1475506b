package io.herald.platform.device;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/** Parses device payloads (JSON, UTF-8) into trees. Thread-safe. */
final class DeviceJson {

    static final ObjectMapper MAPPER = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private DeviceJson() {}

    /** The payload as a JSON object. */
    static JsonNode object(byte[] payload, String what) throws InvalidPayloadException {
        JsonNode node;
        try {
            node = MAPPER.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new InvalidPayloadException(what + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidPayloadException(what + " is not readable JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidPayloadException(what + " must be a JSON object");
        }
        return node;
    }

    static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed tree always writes", e);
        }
    }
}
