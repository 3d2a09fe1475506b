package io.herald.platform.push;

import io.herald.platform.ErrorCode;
import io.herald.platform.PlatformException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Set;

/**
 * A push request as Kii's {@code SendPushMessageRequest} gives it: flat {@code data}, the environments
 * to reach ({@code sendToDevelopment}, {@code sendToProduction}, both true by default) and the
 * {@code mqtt} block ({@code enabled}), plus Herald's {@code expiry} (seconds a push waits for an
 * offline installation). Validated at construction. Immutable (the data object is copied).
 */
public record PushMessage(JsonObject data, boolean toDevelopment, boolean toProduction, boolean mqttEnabled,
        Duration expiry) {

    /** Keys the platform puts into every delivered message; {@code data} may not use them. */
    static final Set<String> RESERVED = Set.of("sender", "origin", "when", "topic", "pushMessageID", "type",
            "bucketID", "objectID");

    public PushMessage {
        data = data.copy();
    }

    /**
     * @throws PlatformException INVALID_INPUT_DATA as Kii: no {@code mqtt} block, nested data, reserved keys
     */
    public static PushMessage from(JsonObject body, Duration defaultExpiry) {
        JsonObject mqtt = body.getJsonObject("mqtt");
        if (mqtt == null) {
            throw invalid("give the push network block \"mqtt\": {\"enabled\": true}");
        }
        JsonObject data = body.getJsonObject("data", new JsonObject());
        for (String key : data.fieldNames()) {
            Object value = data.getValue(key);
            if (value instanceof JsonObject || value instanceof JsonArray) {
                throw invalid("data must be flat: '" + key + "' holds nested JSON");
            }
            if (RESERVED.contains(key)) {
                throw invalid("data may not use the key '" + key + "': the platform sets it");
            }
        }
        Long expiry = body.getLong("expiry");
        return new PushMessage(data, body.getBoolean("sendToDevelopment", true), body.getBoolean("sendToProduction", true),
                mqtt.getBoolean("enabled", true), expiry == null ? defaultExpiry : Duration.ofSeconds(expiry));
    }

    /** Whether an installation of this environment is to be reached. */
    boolean reaches(boolean development) {
        return mqttEnabled && (development ? toDevelopment : toProduction);
    }

    private static PlatformException invalid(String detail) {
        return new PlatformException(ErrorCode.INVALID_INPUT_DATA, detail);
    }
}
