package io.herald.platform.http;

import static io.herald.platform.http.Exchange.caller;
import static io.herald.platform.http.Exchange.json;

import io.herald.broker.Broker;
import io.herald.broker.auth.ClientIdentity;
import io.herald.broker.publish.Origin;
import io.herald.broker.publish.PublishOutcome;
import io.herald.broker.publish.PublishRefusedException;
import io.herald.broker.publish.PublishRequest;
import io.herald.broker.topic.Topics;
import io.herald.platform.ErrorCode;
import io.herald.platform.PlatformException;
import io.herald.platform.auth.Identities;
import io.herald.platform.identity.ApiCaller;
import io.vertx.core.Context;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /api/mqtt/messages}: checks every message (topic, payload, properties, the caller's ACL)
 * and only then publishes them all through the broker's ingress ({@link Broker#publish}), answering one
 * result per message: accepted, how many sessions it matched, whether it is durable. Never blocks: the
 * request stays on the REST event loop; the broker's stages complete elsewhere and hop back.
 */
final class MessageRoutes {

    /** How long the answer waits for a message to be stored for every persistent session. */
    private static final long DURABLE_WAIT_SECONDS = 10;

    private final Broker broker;
    private final Validator bodyValidator;

    /**
     * @param bodyValidator the contract's schema of this operation's body, built once: vertx-openapi 5.0.10
     *     builds a validator per request (copying every schema of the contract), a fifth of this route's
     *     CPU time at load, so this route validates its body itself against the same schema
     */
    MessageRoutes(Broker broker, Validator bodyValidator) {
        this.broker = broker;
        this.bodyValidator = bodyValidator;
    }

    void register(RouterBuilder builder) {
        builder.getRoute("publishMessages").setDoValidation(false).addHandler(this::publish);
    }

    private void publish(RoutingContext rc) {
        ApiCaller caller = caller(rc);
        if (caller.kind() == ApiCaller.Kind.USER) {
            throw new PlatformException(ErrorCode.ACCESS_DENIED, "publishing needs an admin or api token");
        }
        ClientIdentity publisher = Identities.forRest(caller.credential());
        Origin origin = caller.credential().allowAll() ? Origin.platform() : Origin.client(publisher);
        JsonArray array = body(rc);
        List<PublishRequest> requests = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            PublishRequest r = request(array.getJsonObject(i), i, origin);
            if (Topics.isBrokerReserved(r.topic()) || !publisher.permissions().canPublish(publisher, r.topic())) {
                throw new PlatformException(ErrorCode.TOPIC_NOT_ALLOWED, "message " + i + ": may not publish to '"
                        + r.topic() + "'");
            }
            requests.add(r);
        }
        Context context = rc.vertx().getOrCreateContext();
        List<CompletableFuture<JsonObject>> results = new ArrayList<>(requests.size());
        for (PublishRequest r : requests) {
            results.add(publish(r));
        }
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).whenComplete((v, e) ->
                context.runOnContext(x -> json(rc, 200, new JsonObject()
                        .put("results", new JsonArray(results.stream().map(CompletableFuture::join).toList())))));
    }

    /** One message through the ingress; completes with its result, never exceptionally. */
    private CompletableFuture<JsonObject> publish(PublishRequest r) {
        JsonObject result = new JsonObject().put("topic", r.topic());
        CompletableFuture<PublishOutcome> outcome;
        try {
            outcome = broker.publish(r).toCompletableFuture();
        } catch (RuntimeException e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        return outcome.thenCompose(o -> o.durable().toCompletableFuture()
                        .orTimeout(DURABLE_WAIT_SECONDS, TimeUnit.SECONDS)
                        .handle((d, e) -> result.put("accepted", true).put("matched", o.matched()).put("durable", e == null)))
                .exceptionally(e -> {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    result.put("accepted", false);
                    if (cause instanceof PublishRefusedException refused) {
                        return result.put("errorCode", refused.reason().name()).put("detail", refused.getMessage());
                    }
                    return result.put("errorCode", ErrorCode.SERVICE_UNAVAILABLE.name()).put("detail", String.valueOf(
                            cause.getMessage()));
                });
    }

    /** The body, checked against the contract's schema; a single message becomes an array of one. */
    private JsonArray body(RoutingContext rc) {
        Object value = rc.get(Exchange.JSON_BODY);
        if (value == null) {
            throw new PlatformException(ErrorCode.INVALID_INPUT_DATA, "the body is required");
        }
        if (!MessageShape.certainlyValid(value)) { // the fast path is unsure: the schema decides and words it
            OutputUnit result = bodyValidator.validate(value);
            if (!Boolean.TRUE.equals(result.getValid())) {
                List<OutputUnit> errors = result.getErrors();
                String detail = errors == null || errors.isEmpty() ? String.valueOf(result.getError())
                        : errors.getLast().getInstanceLocation() + ": " + errors.getLast().getError();
                throw new PlatformException(ErrorCode.INVALID_INPUT_DATA, "the body does not match the API document: "
                        + detail);
            }
        }
        return value instanceof JsonArray a ? a : new JsonArray().add(value);
    }

    /** One message of the request (shaped by the schema already) as the broker's request, validated. */
    private static PublishRequest request(JsonObject m, int index, Origin origin) {
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
        PublishRequest.Builder b = PublishRequest.builder(topic, bytes).qos(m.getInteger("qos", 0))
                .retain(m.getBoolean("retain", false)).messageExpirySeconds(m.getLong("messageExpiryInterval"))
                .contentType(m.getString("contentType")).payloadUtf8(m.getBoolean("payloadFormatUtf8"))
                .responseTopic(responseTopic)
                .correlationData(correlation == null ? null : base64(correlation, index, "correlationData"))
                .origin(origin);
        JsonArray props = m.getJsonArray("userProperties");
        if (props != null) {
            for (int i = 0; i < props.size(); i++) {
                JsonObject p = props.getJsonObject(i);
                b.userProperty(p.getString("name"), p.getString("value"));
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new PlatformException(ErrorCode.INVALID_PAYLOAD, "message " + index + ": " + e.getMessage());
        }
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
