package io.herald.platform.http;

import static io.herald.platform.http.Exchange.bodyAsArray;
import static io.herald.platform.http.Exchange.caller;
import static io.herald.platform.http.Exchange.json;

import io.herald.broker.topic.Topics;
import io.herald.platform.ErrorCode;
import io.herald.platform.PlatformException;
import io.herald.broker.auth.ClientIdentity;
import io.herald.platform.auth.Identities;
import io.herald.platform.identity.ApiCaller;
import io.herald.platform.mqtt.BrokerGateway;
import io.herald.platform.mqtt.OutgoingMessage;
import io.herald.platform.mqtt.PublishResult;
import io.vertx.core.Context;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /api/mqtt/messages}: checks every message (topic, payload, the caller's ACL) and only then
 * publishes them all through the broker, answering one result per message. Never blocks: the whole
 * request stays on the REST event loop, the broker's stages complete elsewhere and hop back.
 */
final class MessageRoutes {

    private final BrokerGateway broker;

    MessageRoutes(BrokerGateway broker) {
        this.broker = broker;
    }

    void register(RouterBuilder builder) {
        builder.getRoute("publishMessages").addHandler(this::publish);
    }

    private void publish(RoutingContext rc) {
        ApiCaller caller = caller(rc);
        if (caller.kind() == ApiCaller.Kind.USER) {
            throw new PlatformException(ErrorCode.ACCESS_DENIED, "publishing needs an admin or api token");
        }
        ClientIdentity publisher = Identities.forRest(caller.credential());
        JsonArray array = bodyAsArray(rc);
        List<OutgoingMessage> messages = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            OutgoingMessage m = message(array.getJsonObject(i), i);
            if (Topics.isBrokerReserved(m.topic()) || !publisher.permissions().canPublish(publisher, m.topic())) {
                throw new PlatformException(ErrorCode.TOPIC_NOT_ALLOWED, "message " + i + ": may not publish to '"
                        + m.topic() + "'");
            }
            messages.add(m);
        }
        Context context = rc.vertx().getOrCreateContext();
        List<CompletableFuture<PublishResult>> results = new ArrayList<>(messages.size());
        for (OutgoingMessage m : messages) {
            results.add(broker.publish(m, caller.credential()).toCompletableFuture()
                    .exceptionally(e -> PublishResult.refused(ErrorCode.SERVICE_UNAVAILABLE.name(), e.getMessage())));
        }
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).whenComplete((v, e) ->
                context.runOnContext(x -> {
                    JsonArray out = new JsonArray();
                    for (int i = 0; i < messages.size(); i++) {
                        out.add(result(messages.get(i).topic(), results.get(i).join()));
                    }
                    json(rc, 200, new JsonObject().put("results", out));
                }));
    }

    private static JsonObject result(String topic, PublishResult r) {
        JsonObject o = new JsonObject().put("topic", topic).put("accepted", r.accepted());
        if (r.accepted()) {
            o.put("matched", r.matched()).put("durable", r.durable());
        } else {
            o.put("errorCode", r.errorCode());
            if (r.detail() != null) {
                o.put("detail", r.detail());
            }
        }
        return o;
    }

    /** One message of the request (shaped by the schema already), validated. */
    private static OutgoingMessage message(JsonObject m, int index) {
        String topic = m.getString("topic");
        if (!Topics.isValidName(topic)) {
            throw new PlatformException(ErrorCode.INVALID_TOPIC, "message " + index + ": '" + topic
                    + "' is not a valid topic name (no wildcards, not empty)");
        }
        String responseTopic = m.getString("responseTopic");
        if (responseTopic != null && !Topics.isValidName(responseTopic)) {
            throw new PlatformException(ErrorCode.INVALID_TOPIC, "message " + index + ": responseTopic '"
                    + responseTopic + "' is not a valid topic name");
        }
        String payload = m.getString("payload", "");
        byte[] bytes = "base64".equals(m.getString("encoding")) ? base64(payload, index, "payload")
                : payload.getBytes(StandardCharsets.UTF_8);
        String correlation = m.getString("correlationData");
        List<OutgoingMessage.UserProperty> properties = new ArrayList<>();
        JsonArray props = m.getJsonArray("userProperties");
        if (props != null) {
            for (int i = 0; i < props.size(); i++) {
                JsonObject p = props.getJsonObject(i);
                properties.add(new OutgoingMessage.UserProperty(p.getString("name"), p.getString("value")));
            }
        }
        return new OutgoingMessage(topic, bytes, m.getInteger("qos", 0), m.getBoolean("retain", false),
                m.getLong("messageExpiryInterval"), m.getString("contentType"), m.getBoolean("payloadFormatUtf8"),
                responseTopic, correlation == null ? null : base64(correlation, index, "correlationData"), properties);
    }

    private static byte[] base64(String text, int index, String field) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new PlatformException(ErrorCode.INVALID_PAYLOAD, "message " + index + ": " + field
                    + " is not valid base64");
        }
    }
}
