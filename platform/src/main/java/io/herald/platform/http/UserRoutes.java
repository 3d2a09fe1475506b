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
import io.herald.platform.identity.UserService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** {@code /api/oauth2/token} and {@code /api/users…}. Handlers run on the REST event loop; the work on workers. */
final class UserRoutes {

    private final UserService users;

    UserRoutes(UserService users) {
        this.users = users;
    }

    void register(RouterBuilder builder) {
        builder.getRoute("login").addHandler(this::login);
        builder.getRoute("createUser").addHandler(this::create);
        builder.getRoute("listUsers").addHandler(this::list);
        builder.getRoute("getUser").addHandler(this::get);
        builder.getRoute("deleteUser").addHandler(this::delete);
        builder.getRoute("updateUserPassword").addHandler(this::updatePassword);
    }

    private void login(RoutingContext rc) {
        JsonObject b = body(rc);
        String address = rc.request().remoteAddress() == null ? "?" : rc.request().remoteAddress().hostAddress();
        blocking(rc, () -> users.login(b.getString("username"), b.getString("password"), address),
                t -> json(rc, 200, new JsonObject().put("access_token", t.token()).put("token_type", "Bearer")
                        .put("expires_in", t.expiresInSeconds()).put("id", t.userId())));
    }

    private void create(RoutingContext rc) {
        admin(rc);
        JsonObject b = body(rc);
        blocking(rc, () -> users.create(b.getString("username"), b.getString("password")),
                u -> json(rc, 201, Views.user(u)));
    }

    private void list(RoutingContext rc) {
        admin(rc);
        int offset = query(rc, "offset", 0);
        int limit = query(rc, "limit", 100);
        blocking(rc, () -> users.list(offset, limit), page -> json(rc, 200, new JsonObject()
                .put("users", new JsonArray(page.stream().map(Views::user).toList()))));
    }

    private void get(RoutingContext rc) {
        String userId = selfOrAdmin(rc);
        blocking(rc, () -> users.get(userId), u -> json(rc, 200, Views.user(u)));
    }

    private void delete(RoutingContext rc) {
        String userId = selfOrAdmin(rc);
        blocking(rc, () -> {
            users.delete(userId);
            return userId;
        }, x -> noContent(rc));
    }

    private void updatePassword(RoutingContext rc) {
        String userId = selfOrAdmin(rc);
        boolean byAdmin = caller(rc).admin();
        JsonObject b = body(rc);
        blocking(rc, () -> {
            users.updatePassword(userId, b.getString("oldPassword"), b.getString("newPassword"), byAdmin);
            return userId;
        }, x -> noContent(rc));
    }

    private static String selfOrAdmin(RoutingContext rc) {
        String userId = path(rc, "userID");
        ApiCaller caller = caller(rc);
        if (!caller.adminOrUser(userId)) {
            throw new PlatformException(ErrorCode.ACCESS_DENIED, "only the admin or the user itself may do this");
        }
        return userId;
    }
}
