package io.herald.platform.http;

import io.herald.platform.ErrorCode;
import io.herald.platform.PlatformException;
import io.herald.platform.identity.ApiCaller;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** Helpers the route handlers share: the caller, validated parameters, blocking work, JSON answers. Stateless. */
final class Exchange {

    static final String CALLER = "herald.caller";
    /** The request body as parsed by {@link RequestGuard}: a JsonObject, JsonArray or scalar; absent without a body. */
    static final String JSON_BODY = "herald.body";

    private Exchange() {}

    static ApiCaller caller(RoutingContext rc) {
        return rc.get(CALLER);
    }

    static ApiCaller admin(RoutingContext rc) {
        ApiCaller caller = caller(rc);
        if (!caller.admin()) {
            throw new PlatformException(ErrorCode.ACCESS_DENIED, "this needs an admin token");
        }
        return caller;
    }

    private static ValidatedRequest validated(RoutingContext rc) {
        return rc.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    }

    static String path(RoutingContext rc, String name) {
        return validated(rc).getPathParameters().get(name).getString();
    }

    static int query(RoutingContext rc, String name, int absent) {
        RequestParameter p = validated(rc).getQuery().get(name);
        return p == null || p.isNull() ? absent : p.getInteger();
    }

    /**
     * A string query parameter as Vert.x decoded it once. The OpenAPI validator's copy is decoded a
     * second time in vertx-openapi 5.0.10 ({@code %2B} arrives as a space), wrong for topic filters.
     */
    static String queryText(RoutingContext rc, String name) {
        return rc.queryParams().get(name);
    }

    static boolean queryBoolean(RoutingContext rc, String name) {
        RequestParameter p = validated(rc).getQuery().get(name);
        return p != null && !p.isNull() && Boolean.TRUE.equals(p.getBoolean());
    }

    static Boolean queryBooleanOrNull(RoutingContext rc, String name) {
        RequestParameter p = validated(rc).getQuery().get(name);
        return p == null || p.isNull() ? null : p.getBoolean();
    }

    static JsonObject body(RoutingContext rc) {
        RequestParameter body = validated(rc).getBody();
        return body == null || body.isNull() ? new JsonObject() : body.getJsonObject();
    }


    /** Runs {@code work} on a worker thread (it may block on the catalog), then {@code then} on the event loop. */
    static <T> void blocking(RoutingContext rc, Callable<T> work, Consumer<T> then) {
        rc.vertx().executeBlocking(work, false).onComplete(ar -> {
            if (ar.failed()) {
                rc.fail(ar.cause());
            } else {
                try {
                    then.accept(ar.result());
                } catch (RuntimeException e) {
                    rc.fail(e);
                }
            }
        });
    }

    static void json(RoutingContext rc, int status, Object body) {
        String text = body instanceof JsonObject o ? o.encode() : ((JsonArray) body).encode();
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(text);
    }

    static void noContent(RoutingContext rc) {
        rc.response().setStatusCode(204).end();
    }
}
