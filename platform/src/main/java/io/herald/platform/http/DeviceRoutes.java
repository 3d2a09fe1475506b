package io.herald.platform.http;

import static io.herald.platform.http.Exchange.admin;
import static io.herald.platform.http.Exchange.blocking;
import static io.herald.platform.http.Exchange.body;
import static io.herald.platform.http.Exchange.json;
import static io.herald.platform.http.Exchange.path;
import static io.herald.platform.http.Exchange.query;
import static io.herald.platform.http.Exchange.queryText;

import io.herald.broker.publish.PublishRefusedException;
import io.herald.platform.ErrorCode;
import io.herald.platform.PlatformException;
import io.herald.platform.catalog.HistoryQuery;
import io.herald.platform.device.CommandSpec;
import io.herald.platform.device.Devices;
import io.herald.platform.identity.ThingService;
import io.vertx.core.Context;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The device routes under {@code /api/things/{thingID}/…} (admin only): properties and their history,
 * commands (synchronous and queued) and device messages down. A synchronous command holds no thread
 * while it waits: the handler returns, and the answer (or the timeout) hops back to the REST event loop.
 */
final class DeviceRoutes {

    private final ThingService things;
    private final Devices devices;

    DeviceRoutes(ThingService things, Devices devices) {
        this.things = things;
        this.devices = devices;
    }

    void register(RouterBuilder builder) {
        builder.getRoute("getThingProperties").addHandler(this::properties);
        builder.getRoute("getThingPropertyHistory").addHandler(this::history);
        builder.getRoute("sendThingCommand").addHandler(this::command);
        builder.getRoute("getThingCommand").addHandler(this::getCommand);
        builder.getRoute("sendThingMessage").addHandler(this::message);
    }

    private void properties(RoutingContext rc) {
        admin(rc);
        String id = path(rc, "thingID");
        blocking(rc, () -> {
            things.get(id);
            return devices.latest(id);
        }, values -> json(rc, 200, DeviceViews.latest(id, values)));
    }

    private void history(RoutingContext rc) {
        admin(rc);
        String id = path(rc, "thingID");
        HistoryQuery q = new HistoryQuery(id, queryText(rc, "service_id"), queryText(rc, "property"),
                time(rc, "from"), time(rc, "to"), query(rc, "offset", 0), query(rc, "limit", 100));
        blocking(rc, () -> {
            things.get(id);
            return devices.history(q);
        }, values -> json(rc, 200, DeviceViews.history(id, q, values)));
    }

    private void command(RoutingContext rc) {
        admin(rc);
        String id = path(rc, "thingID");
        JsonObject b = body(rc);
        JsonObject paras = b.getJsonObject("paras", new JsonObject());
        CommandSpec spec = new CommandSpec(b.getString("service_id"), b.getString("command_name"), paras.encode());
        if ("queued".equals(b.getString("mode"))) {
            Duration ttl = b.getLong("ttl") == null ? null : Duration.ofSeconds(b.getLong("ttl"));
            blocking(rc, () -> {
                things.get(id);
                return devices.commands().queue(id, spec, ttl == null ? devices.settings().queuedTtl() : ttl);
            }, c -> json(rc, 201, DeviceViews.command(c)));
            return;
        }
        Duration timeout = b.getInteger("timeout") == null ? devices.settings().commandTimeout()
                : Duration.ofSeconds(b.getInteger("timeout"));
        if (timeout.compareTo(devices.settings().maxCommandTimeout()) > 0) {
            throw new PlatformException(ErrorCode.INVALID_FIELD, "timeout may be at most "
                    + devices.settings().maxCommandTimeout().toSeconds() + " s");
        }
        blocking(rc, () -> things.get(id), thing -> answerLater(rc, devices.commands().invoke(id, spec, timeout),
                a -> new JsonObject().put("command_id", a.commandId())
                        .put("response", new JsonObject(a.answer().json()))));
    }

    private void getCommand(RoutingContext rc) {
        admin(rc);
        String id = path(rc, "thingID");
        String commandId = path(rc, "commandID");
        blocking(rc, () -> {
            things.get(id);
            return devices.commands().get(id, commandId);
        }, c -> json(rc, 200, DeviceViews.command(c)));
    }

    private void message(RoutingContext rc) {
        admin(rc);
        String id = path(rc, "thingID");
        JsonObject b = body(rc);
        String content = Json.encode(b.getValue("message"));
        blocking(rc, () -> things.get(id), thing -> answerLater(rc,
                devices.messages().send(id, b.getString("name"), b.getString("message_id"), content),
                sent -> new JsonObject().put("message_id", sent.messageId()).put("matched", sent.outcome().matched())));
    }

    /** Answers 200 with {@code view} of the stage's result when it completes, on the request's event loop. */
    private static <T> void answerLater(RoutingContext rc, CompletionStage<T> stage, Function<T, JsonObject> view) {
        Context context = rc.vertx().getOrCreateContext();
        stage.whenComplete((value, error) -> context.runOnContext(v -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error;
                rc.fail(cause instanceof PublishRefusedException r
                        ? new PlatformException(ErrorCode.SERVICE_UNAVAILABLE, "the broker refused: " + r.getMessage())
                        : cause);
                return;
            }
            try {
                json(rc, 200, view.apply(value));
            } catch (RuntimeException e) {
                rc.fail(e);
            }
        }));
    }

    private static Instant time(RoutingContext rc, String name) {
        String value = queryText(rc, name);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new PlatformException(ErrorCode.INVALID_INPUT_DATA, name + " must be an ISO-8601 UTC time such as"
                    + " 2026-11-22T10:15:00Z, not '" + value + "'");
        }
    }
}
