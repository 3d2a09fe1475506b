package io.herald.platform.http;

import static io.herald.platform.http.Exchange.admin;
import static io.herald.platform.http.Exchange.blocking;
import static io.herald.platform.http.Exchange.body;
import static io.herald.platform.http.Exchange.json;
import static io.herald.platform.http.Exchange.noContent;
import static io.herald.platform.http.Exchange.path;
import static io.herald.platform.http.Exchange.query;

import io.herald.platform.identity.TokenService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Instant;

/** {@code /api/tokens…} (admin only). Handlers run on the REST event loop; the work on workers. */
final class TokenRoutes {

    private final TokenService tokens;

    TokenRoutes(TokenService tokens) {
        this.tokens = tokens;
    }

    void register(RouterBuilder builder) {
        builder.getRoute("createToken").addHandler(this::create);
        builder.getRoute("listTokens").addHandler(this::list);
        builder.getRoute("getToken").addHandler(this::get);
        builder.getRoute("patchToken").addHandler(this::patch);
        builder.getRoute("deleteToken").addHandler(this::delete);
        builder.getRoute("regenerateToken").addHandler(this::regenerate);
    }

    private void create(RoutingContext rc) {
        admin(rc);
        JsonObject b = body(rc);
        var acl = Views.aclFrom(b.getJsonArray("acl"));
        blocking(rc, () -> tokens.create(b.getString("info"), b.getLong("ttl"), instant(b.getLong("expires")), acl,
                        b.getBoolean("admin", false), b.getBoolean("api", false)),
                issued -> json(rc, 201, Views.token(issued.token()).put("token", issued.secret())));
    }

    private void list(RoutingContext rc) {
        admin(rc);
        int offset = query(rc, "offset", 0);
        int limit = query(rc, "limit", 100);
        blocking(rc, () -> tokens.list(offset, limit), page -> json(rc, 200, new JsonObject()
                .put("tokens", new JsonArray(page.stream().map(Views::token).toList()))));
    }

    private void get(RoutingContext rc) {
        admin(rc);
        String id = path(rc, "tokenID");
        blocking(rc, () -> tokens.get(id), t -> json(rc, 200, Views.token(t)));
    }

    private void patch(RoutingContext rc) {
        admin(rc);
        String id = path(rc, "tokenID");
        JsonObject b = body(rc);
        TokenService.Patch patch = new TokenService.Patch(b.getString("info"), b.getLong("ttl"),
                instant(b.getLong("expires")), Views.aclFrom(b.getJsonArray("acl")), b.getBoolean("api"));
        blocking(rc, () -> tokens.patch(id, patch), t -> json(rc, 200, Views.token(t)));
    }

    private void delete(RoutingContext rc) {
        admin(rc);
        String id = path(rc, "tokenID");
        blocking(rc, () -> {
            tokens.delete(id);
            return id;
        }, x -> noContent(rc));
    }

    private void regenerate(RoutingContext rc) {
        admin(rc);
        String id = path(rc, "tokenID");
        blocking(rc, () -> tokens.regenerate(id), issued -> json(rc, 200, Views.token(issued.token())
                .put("token", issued.secret())));
    }

    private static Instant instant(Long epochSeconds) {
        return epochSeconds == null ? null : Instant.ofEpochSecond(epochSeconds);
    }
}
