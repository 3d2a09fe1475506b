package io.herald.platform.http;

import static io.herald.platform.http.Exchange.admin;
import static io.herald.platform.http.Exchange.blocking;
import static io.herald.platform.http.Exchange.body;
import static io.herald.platform.http.Exchange.caller;
import static io.herald.platform.http.Exchange.json;
import static io.herald.platform.http.Exchange.noContent;
import static io.herald.platform.http.Exchange.path;
import static io.herald.platform.http.Exchange.query;

import io.herald.platform.ErrorCode;
import io.herald.platform.PlatformException;
import io.herald.platform.identity.ApiCaller;
import io.herald.platform.push.Owner;
import io.herald.platform.push.Push;
import io.herald.platform.push.PushMessage;
import io.herald.platform.push.PushService;
import io.herald.platform.push.PushSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.concurrent.Callable;

/**
 * Push topics ({@code /api/topics…}), direct push ({@code /api/users|things/{id}/push/messages}) and
 * push statuses ({@code /api/push/messages/{id}}). Handlers run on the REST event loop; the work on workers.
 */
final class PushRoutes {

    private final Push push;

    PushRoutes(Push push) {
        this.push = push;
    }

    void register(RouterBuilder builder) {
        builder.getRoute("listTopics").addHandler(this::list);
        builder.getRoute("createTopic").addHandler(rc -> adminDone(rc, () -> push.topics().create(path(rc, "topicID"))));
        builder.getRoute("deleteTopic").addHandler(rc -> adminDone(rc, () -> push.topics().delete(path(rc, "topicID"))));
        builder.getRoute("subscribeUserToTopic").addHandler(rc -> subscription(rc, Owner.user(path(rc, "userID")), true));
        builder.getRoute("unsubscribeUserFromTopic").addHandler(rc -> subscription(rc, Owner.user(path(rc, "userID")), false));
        builder.getRoute("subscribeThingToTopic").addHandler(rc -> subscription(rc, Owner.thing(path(rc, "thingID")), true));
        builder.getRoute("unsubscribeThingFromTopic").addHandler(rc -> subscription(rc, Owner.thing(path(rc, "thingID")), false));
        builder.getRoute("pushToTopic").addHandler(rc -> send(rc,
                (caller, m) -> push.topics().send(caller, path(rc, "topicID"), m)));
        builder.getRoute("pushToUser").addHandler(rc -> send(rc,
                (caller, m) -> push.topics().sendDirect(caller, Owner.user(path(rc, "userID")), m)));
        builder.getRoute("pushToThing").addHandler(rc -> send(rc,
                (caller, m) -> push.topics().sendDirect(caller, Owner.thing(path(rc, "thingID")), m)));
        builder.getRoute("getPushMessage").addHandler(this::status);
    }

    private void list(RoutingContext rc) {
        admin(rc);
        int offset = query(rc, "offset", 0);
        int limit = query(rc, "limit", 100);
        blocking(rc, () -> push.topics().list(offset, limit), page -> json(rc, 200, new JsonObject().put("topics",
                new JsonArray(page.stream().map(t -> new JsonObject().put("topicID", t)).toList()))));
    }

    private void subscription(RoutingContext rc, Owner owner, boolean subscribe) {
        ApiCaller caller = caller(rc);
        String topic = path(rc, "topicID");
        if (Owner.THING.equals(owner.kind())) {
            admin(rc);
        }
        done(rc, () -> {
            if (subscribe) {
                push.topics().subscribe(caller, topic, owner);
            } else {
                push.topics().unsubscribe(caller, topic, owner);
            }
        });
    }

    /** A push request: (caller, message) → what was sent. */
    @FunctionalInterface
    private interface Sender {
        PushService.Sent send(ApiCaller caller, PushMessage message);
    }

    private void send(RoutingContext rc, Sender sender) {
        ApiCaller caller = admin(rc);
        PushSettings settings = push.settings();
        if (settings == null) {
            throw new PlatformException(ErrorCode.SERVICE_UNAVAILABLE, "push is not running");
        }
        PushMessage message = PushMessage.from(body(rc), settings.defaultExpiry());
        blocking(rc, () -> sender.send(caller, message), sent -> json(rc, 201, new JsonObject()
                .put("pushMessageID", sent.pushMessageId()).put("matched", sent.matched()).put("queued", sent.queued())));
    }

    private void status(RoutingContext rc) {
        admin(rc);
        String id = path(rc, "pushMessageID");
        var s = push.sender().status(id).orElseThrow(() -> new PlatformException(ErrorCode.PUSH_MESSAGE_NOT_FOUND,
                "no push '" + id + "' (unknown, or forgotten an hour after it expired)"));
        json(rc, 200, new JsonObject().put("pushMessageID", s.pushMessageId()).put("createdAt", s.createdAt().toEpochMilli())
                .put("expiresAt", s.expiresAt().toEpochMilli()).put("matched", s.matched()).put("queued", s.queued())
                .put("delivered", s.delivered()).put("acknowledged", s.acknowledged()).put("expired", s.expired())
                .put("dropped", s.dropped()));
    }

    private void adminDone(RoutingContext rc, Runnable work) {
        admin(rc);
        done(rc, work);
    }

    private static void done(RoutingContext rc, Runnable work) {
        Callable<Boolean> call = () -> {
            work.run();
            return true;
        };
        blocking(rc, call, x -> noContent(rc));
    }
}
