package io.herald.platform.http;

import static io.herald.platform.http.Exchange.admin;
import static io.herald.platform.http.Exchange.json;
import static io.herald.platform.http.Exchange.noContent;
import static io.herald.platform.http.Exchange.path;
import static io.herald.platform.http.Exchange.query;
import static io.herald.platform.http.Exchange.queryBoolean;
import static io.herald.platform.http.Exchange.queryString;

import io.herald.broker.topic.Topics;
import io.herald.platform.ErrorCode;
import io.herald.platform.PlatformException;
import io.herald.platform.mqtt.BrokerGateway;
import io.herald.platform.mqtt.RetainedView;
import io.herald.platform.mqtt.SessionView;
import io.vertx.core.Context;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** {@code /api/mqtt/sessions…} and {@code /api/mqtt/retained…} (admin only), answered from the broker's reads. */
final class MqttRoutes {

    private final BrokerGateway broker;

    MqttRoutes(BrokerGateway broker) {
        this.broker = broker;
    }

    void register(RouterBuilder builder) {
        builder.getRoute("listSessions").addHandler(this::sessions);
        builder.getRoute("deleteSession").addHandler(this::deleteSession);
        builder.getRoute("listRetained").addHandler(this::retained);
        builder.getRoute("getRetained").addHandler(this::retainedMessage);
        builder.getRoute("deleteRetained").addHandler(this::clearRetained);
    }

    private void sessions(RoutingContext rc) {
        admin(rc);
        int offset = query(rc, "offset", 0);
        int limit = query(rc, "limit", 100);
        String prefix = queryString(rc, "clientId");
        Boolean connected = Exchange.queryBooleanOrNull(rc, "connected");
        onLoop(rc, broker.sessions(), all -> json(rc, 200, new JsonObject().put("sessions", new JsonArray(all.stream()
                .filter(s -> prefix == null || s.clientId().startsWith(prefix))
                .filter(s -> connected == null || s.connected() == connected)
                .sorted(Comparator.comparing(SessionView::clientId))
                .skip(offset).limit(limit).map(MqttRoutes::session).toList()))));
    }

    private void deleteSession(RoutingContext rc) {
        admin(rc);
        String clientId = path(rc, "clientId");
        onLoop(rc, broker.disconnect(clientId, queryBoolean(rc, "discard")), found -> {
            if (!found) {
                throw new PlatformException(ErrorCode.SESSION_NOT_FOUND, "no session '" + clientId + "'");
            }
            noContent(rc);
        });
    }

    private void retained(RoutingContext rc) {
        admin(rc);
        String filter = queryString(rc, "filter") == null ? "#" : queryString(rc, "filter");
        if (!Topics.isValidFilter(filter)) {
            throw new PlatformException(ErrorCode.INVALID_TOPIC, "'" + filter + "' is not a valid topic filter");
        }
        onLoop(rc, broker.retained(filter, query(rc, "limit", 100)), list -> json(rc, 200, new JsonObject()
                .put("messages", new JsonArray(list.stream().map(r -> new JsonObject().put("topic", r.topic())
                        .put("qos", r.qos()).put("payloadSize", r.payload().length)).toList()))));
    }

    private void retainedMessage(RoutingContext rc) {
        admin(rc);
        String topic = topic(rc);
        onLoop(rc, broker.retainedMessage(topic), found -> json(rc, 200, retainedMessage(found.orElseThrow(() ->
                new PlatformException(ErrorCode.RETAINED_NOT_FOUND, "no retained message on '" + topic + "'")))));
    }

    private void clearRetained(RoutingContext rc) {
        admin(rc);
        String topic = topic(rc);
        onLoop(rc, broker.clearRetained(topic), found -> {
            if (!found) {
                throw new PlatformException(ErrorCode.RETAINED_NOT_FOUND, "no retained message on '" + topic + "'");
            }
            noContent(rc);
        });
    }

    private static String topic(RoutingContext rc) {
        String topic = path(rc, "topic");
        if (!Topics.isValidName(topic)) {
            throw new PlatformException(ErrorCode.INVALID_TOPIC, "'" + topic + "' is not a valid topic name");
        }
        return topic;
    }

    private static JsonObject session(SessionView s) {
        JsonObject o = new JsonObject().put("clientId", s.clientId()).put("connected", s.connected())
                .put("protocolLevel", s.protocolLevel()).put("subscriptions", new JsonArray(s.subscriptions()))
                .put("queued", s.queued());
        if (s.principalKind() != null) {
            o.put("principal", new JsonObject().put("kind", s.principalKind()).put("id", s.principalId()));
        }
        if (s.remoteAddress() != null) {
            o.put("remoteAddress", s.remoteAddress());
        }
        if (s.transport() != null) {
            o.put("transport", s.transport());
        }
        if (s.connectedSince() != null) {
            o.put("connectedSince", s.connectedSince().toString());
        }
        return o;
    }

    private static JsonObject retainedMessage(RetainedView r) {
        JsonObject o = new JsonObject().put("topic", r.topic()).put("qos", r.qos());
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(r.payload())).toString();
            return o.put("payload", text).put("encoding", "utf8");
        } catch (CharacterCodingException e) {
            return o.put("payload", Base64.getEncoder().encodeToString(r.payload())).put("encoding", "base64");
        }
    }

    /** Completes the request on the REST event loop when the broker's stage completes. */
    private static <T> void onLoop(RoutingContext rc, CompletionStage<T> stage, Consumer<T> then) {
        Context context = rc.vertx().getOrCreateContext();
        stage.whenComplete((value, error) -> context.runOnContext(x -> {
            if (error != null) {
                rc.fail(error instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                        ? c.getCause() : error);
                return;
            }
            try {
                then.accept(value);
            } catch (RuntimeException e) {
                rc.fail(e);
            }
        }));
    }
}
