package io.herald.platform.device;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A thing's answer to a command: Huawei's {@code {"result_code","response_name","paras"}}, where
 * {@code result_code} 0 (or absent) is success. Immutable.
 *
 * @param json the answer as the thing sent it, re-encoded
 */
public record CommandAnswer(int resultCode, String json) {

    public boolean succeeded() {
        return resultCode == 0;
    }

    /**
     * @throws InvalidPayloadException when the payload is not such an answer
     */
    static CommandAnswer parse(byte[] payload) throws InvalidPayloadException {
        JsonNode o = DeviceJson.object(payload, "a command answer");
        JsonNode code = o.get("result_code");
        if (code != null && !code.isNull() && !code.canConvertToInt()) {
            throw new InvalidPayloadException("\"result_code\" must be an integer");
        }
        JsonNode name = o.get("response_name");
        if (name != null && !name.isNull() && !name.isTextual()) {
            throw new InvalidPayloadException("\"response_name\" must be a string");
        }
        JsonNode paras = o.get("paras");
        if (paras != null && !paras.isNull() && !paras.isObject()) {
            throw new InvalidPayloadException("\"paras\" must be an object");
        }
        return new CommandAnswer(code == null || code.isNull() ? 0 : code.asInt(), DeviceJson.text(o));
    }
}
