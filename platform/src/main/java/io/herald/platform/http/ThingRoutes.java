package io.herald.platform.http;

import static io.herald.platform.http.Exchange.admin;
import static io.herald.platform.http.Exchange.blocking;
import static io.herald.platform.http.Exchange.body;
import static io.herald.platform.http.Exchange.json;
import static io.herald.platform.http.Exchange.noContent;
import static io.herald.platform.http.Exchange.path;
import static io.herald.platform.http.Exchange.query;
import static io.herald.platform.http.Exchange.queryBooleanOrNull;

import io.herald.platform.catalog.AclRule;
import io.herald.platform.device.Devices;
import io.herald.platform.identity.ThingService;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.List;

/** {@code /api/things…} (admin only). Handlers run on the REST event loop; the work on workers. */
final class ThingRoutes {

    private final ThingService things;
    private final ThingListing listing;

    ThingRoutes(ThingService things, Devices devices) {
        this.things = things;
        this.listing = new ThingListing(things, devices);
    }

    void register(RouterBuilder builder) {
        builder.getRoute("createThing").addHandler(this::create);
        builder.getRoute("listThings").addHandler(this::list);
        builder.getRoute("getThing").addHandler(this::get);
        builder.getRoute("deleteThing").addHandler(this::delete);
        builder.getRoute("regenerateThingSecret").addHandler(this::regenerate);
    }

    private void create(RoutingContext rc) {
        admin(rc);
        JsonObject b = body(rc);
        List<AclRule> acl = Views.aclFrom(b.getJsonArray("acl"));
        JsonObject info = b.getJsonObject("info");
        blocking(rc, () -> things.create(b.getString("thingID"), b.getString("secret"), info == null ? null : info.encode(),
                        b.getString("certFingerprint"), acl == null ? List.of() : acl),
                c -> json(rc, 201, new JsonObject().put("thingID", c.thing().thingId()).put("secret", c.secret())));
    }

    private void list(RoutingContext rc) {
        admin(rc);
        int offset = query(rc, "offset", 0);
        int limit = query(rc, "limit", 100);
        Boolean online = queryBooleanOrNull(rc, "online");
        blocking(rc, () -> listing.page(offset, limit, online), page -> json(rc, 200, new JsonObject().put("things", page)));
    }

    private void get(RoutingContext rc) {
        admin(rc);
        String id = path(rc, "thingID");
        blocking(rc, () -> listing.one(id), t -> json(rc, 200, t));
    }

    private void delete(RoutingContext rc) {
        admin(rc);
        String id = path(rc, "thingID");
        blocking(rc, () -> {
            things.delete(id);
            return id;
        }, x -> noContent(rc));
    }

    private void regenerate(RoutingContext rc) {
        admin(rc);
        String id = path(rc, "thingID");
        blocking(rc, () -> things.regenerateSecret(id),
                c -> json(rc, 200, new JsonObject().put("thingID", c.thing().thingId()).put("secret", c.secret())));
    }
}
