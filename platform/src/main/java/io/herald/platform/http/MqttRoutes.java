package io.herald.platform.http;

import static io.herald.platform.http.Exchange.admin;
import static io.herald.platform.http.Exchange.blocking;
import static io.herald.platform.http.Exchange.json;
import static io.herald.platform.http.Exchange.noContent;
import static io.herald.platform.http.Exchange.path;
import static io.herald.platform.http.Exchange.query;
import static io.herald.platform.http.Exchange.queryBoolean;

import io.herald.broker.Broker;
import io.herald.broker.DisconnectReason;
import io.herald.broker.RetainedMessage;
import io.herald.broker.SessionInfo;
import io.herald.broker.topic.Topics;
import io.herald.platform.ErrorCode;
import io.herald.platform.PlatformException;
import io.vertx.core.Context;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * {@code /api/mqtt/sessions…} and {@code /api/mqtt/retained…} (admin only), answered from the broker's
 * reads: sessions are read on their loops (asynchronously), retained messages on a worker thread (the
 * broker may read its disk store for them).
 */
final class MqttRoutes {

    private final Broker broker;

    MqttRoutes(Broker broker) {
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
        String prefix = Exchange.queryText(rc, "clientId");
        Boolean connected = Exchange.queryBooleanOrNull(rc, "connected");
        onLoop(rc, broker.sessions(), all -> json(rc, 200, new JsonObject().put("sessions", new JsonArray(all.stream()
                .filter(s -> prefix == null || s.clientId().startsWith(prefix))
                .filter(s -> connected == null || s.connected() == connected)
                .skip(offset).limit(limit).map(MqttRoutes::session).toList()))));
    }

    private void deleteSession(RoutingContext rc) {
        admin(rc);
        String clientId = path(rc, "clientId");
        boolean discard = queryBoolean(rc, "discard");
        onLoop(rc, broker.session(clientId), found -> {
            if (found.isEmpty()) {
                throw new PlatformException(ErrorCode.SESSION_NOT_FOUND, "no session '" + clientId + "'");
            }
            onLoop(rc, broker.disconnect(identity -> identity.clientId().equals(clientId),
                    DisconnectReason.ADMINISTRATIVE, discard), closed -> noContent(rc));
        });
    }

    private void retained(RoutingContext rc) {
        admin(rc);
        String given = Exchange.queryText(rc, "filter");
        String filter = given == null ? "#" : given;
        if (!Topics.isValidFilter(filter) || filter.startsWith("$share/")) {
            throw new PlatformException(ErrorCode.INVALID_TOPIC, "'" + filter + "' is not a valid topic filter");
        }
        int limit = query(rc, "limit", 100);
        blocking(rc, () -> broker.retained(filter, limit).toCompletableFuture().join(), list -> json(rc, 200,
                new JsonObject().put("messages", new JsonArray(list.stream().map(r -> new JsonObject()
                        .put("topic", r.topic()).put("qos", r.qos()).put("payloadSize", r.payloadSize())).toList()))));
    }

    private void retainedMessage(RoutingContext rc) {
        admin(rc);
        String topic = topic(rc);
        blocking(rc, () -> broker.retainedMessage(topic).toCompletableFuture().join(), found -> json(rc, 200,
                retainedMessage(found.orElseThrow(() -> new PlatformException(ErrorCode.RETAINED_NOT_FOUND,
                        "no retained message on '" + topic + "'")))));
    }

    private void clearRetained(RoutingContext rc) {
        admin(rc);
        String topic = topic(rc);
        blocking(rc, () -> broker.clearRetained(topic).toCompletableFuture().join(), found -> {
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

    private static JsonObject session(SessionInfo s) {
        JsonObject o = new JsonObject().put("clientId", s.clientId()).put("connected", s.connected())
                .put("protocolLevel", s.protocolLevel()).put("subscriptions", new JsonArray(s.subscriptions()))
                .put("queued", s.queued());
        if (s.principal() != null) {
            o.put("principal", new JsonObject().put("kind", s.principal().kind()).put("id", s.principal().id()));
        }
        if (s.remoteAddress() != null) {
            o.put("remoteAddress", address(s.remoteAddress()));
        }
        if (s.transport() != null) {
            o.put("transport", s.transport());
        }
        if (s.connectedSince() != null) {
            o.put("connectedSince", s.connectedSince().toString());
        }
        return o;
    }

    private static String address(SocketAddress a) {
        return a instanceof InetSocketAddress i ? i.getAddress().getHostAddress() + ":" + i.getPort() : a.toString();
    }

    private static JsonObject retainedMessage(RetainedMessage r) {
        JsonObject o = new JsonObject().put("topic", r.topic()).put("qos", r.qos());
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(r.payload())).toString();
            return o.put("payload", text).put("encoding", "utf8");
        } catch (CharacterCodingException e) {
            return o.put("payload", Base64.getEncoder().encodeToString(r.payload())).put("encoding", "base64");
        }
    }

    /** Continues the request on the REST event loop when the broker's stage completes. */
    private static <T> void onLoop(RoutingContext rc, CompletionStage<T> stage, Consumer<T> then) {
        Context context = rc.vertx().getOrCreateContext();
        stage.whenComplete((value, error) -> context.runOnContext(x -> {
            if (error != null) {
                rc.fail(error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error);
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
