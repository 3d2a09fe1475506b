package io.herald.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.client.ReceivedMessage;
import io.herald.client.UserProperty;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How {@code herald sub} prints a message: the payload, {@code topic payload}, or one JSON object
 * per line ({@code topic}, {@code payload} or {@code payloadBase64} when it is not UTF-8, {@code qos},
 * {@code retain}, and the MQTT 5 {@code userProperties} and {@code contentType} when present).
 */
enum MessageFormat {
    PAYLOAD,
    VERBOSE,
    JSON;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    String format(ReceivedMessage m) {
        return switch (this) {
            case PAYLOAD -> m.payloadAsString();
            case VERBOSE -> m.topic() + " " + m.payloadAsString();
            case JSON -> json(m);
        };
    }

    private static String json(ReceivedMessage m) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("topic", m.topic());
        byte[] payload = m.payload();
        String text = utf8(payload);
        if (text != null) {
            o.put("payload", text);
        } else {
            o.put("payloadBase64", Base64.getEncoder().encodeToString(payload));
        }
        o.put("qos", m.qos());
        o.put("retain", m.retain());
        if (!m.properties().userProperties().isEmpty()) {
            ArrayNode props = o.putArray("userProperties");
            for (UserProperty p : m.properties().userProperties()) {
                props.addObject().put("name", p.name()).put("value", p.value());
            }
        }
        if (m.properties().contentType() != null) {
            o.put("contentType", m.properties().contentType());
        }
        return o.toString();
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
