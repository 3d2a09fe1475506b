package io.herald.platform.http;

import io.herald.platform.catalog.CommandRecord;
import io.herald.platform.catalog.HistoryQuery;
import io.herald.platform.catalog.PropertyValue;
import io.herald.platform.device.ThingStatus;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the device routes (Huawei's snake_case field names), from the catalog's records. Stateless. */
final class DeviceViews {

    private DeviceViews() {}

    static JsonObject latest(String thingId, List<PropertyValue> values) {
        Map<String, JsonObject> services = new LinkedHashMap<>();
        for (PropertyValue v : values) {
            services.computeIfAbsent(v.serviceId(), s -> new JsonObject()).put(v.property(), new JsonObject()
                    .put("value", Json.decodeValue(v.value())).put("event_time", v.eventTime().toString())
                    .put("received_at", v.receivedAt().toString()));
        }
        JsonArray array = new JsonArray();
        services.forEach((service, properties) -> array.add(new JsonObject().put("service_id", service)
                .put("properties", properties)));
        return new JsonObject().put("thingID", thingId).put("services", array);
    }

    static JsonObject history(String thingId, HistoryQuery q, List<PropertyValue> values) {
        JsonArray array = new JsonArray();
        for (PropertyValue v : values) {
            array.add(new JsonObject().put("service_id", v.serviceId()).put("property", v.property())
                    .put("value", Json.decodeValue(v.value())).put("event_time", v.eventTime().toString())
                    .put("received_at", v.receivedAt().toString()));
        }
        return new JsonObject().put("thingID", thingId).put("offset", q.offset()).put("limit", q.limit())
                .put("values", array);
    }

    static JsonObject command(CommandRecord c) {
        JsonObject o = new JsonObject().put("command_id", c.commandId()).put("thingID", c.thingId())
                .put("status", c.status().name()).put("paras", new JsonObject(c.paras()))
                .put("created_time", c.createdAt().toString()).put("expire_time", c.expiresAt().toString());
        putIf(o, "service_id", c.serviceId());
        putIf(o, "command_name", c.commandName());
        putTime(o, "sent_time", c.sentAt());
        putTime(o, "delivered_time", c.deliveredAt());
        putTime(o, "response_time", c.answeredAt());
        if (c.response() != null) {
            o.put("response", new JsonObject(c.response()));
        }
        return o;
    }

    /** Adds the presence fields to a thing's view. */
    static JsonObject withStatus(JsonObject thing, ThingStatus s) {
        thing.put("online", s.online());
        putTime(thing, "lastConnectedAt", s.lastConnectedAt());
        putTime(thing, "lastDisconnectedAt", s.lastDisconnectedAt());
        putIf(thing, "lastDisconnectReason", s.lastDisconnectReason());
        return thing;
    }

    private static void putIf(JsonObject o, String name, String value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    private static void putTime(JsonObject o, String name, Instant value) {
        if (value != null) {
            o.put(name, value.toString());
        }
    }
}
