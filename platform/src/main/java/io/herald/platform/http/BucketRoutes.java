package io.herald.platform.http;

import static io.herald.platform.http.Exchange.admin;
import static io.herald.platform.http.Exchange.blocking;
import static io.herald.platform.http.Exchange.body;
import static io.herald.platform.http.Exchange.caller;
import static io.herald.platform.http.Exchange.json;
import static io.herald.platform.http.Exchange.noContent;
import static io.herald.platform.http.Exchange.path;

import io.herald.platform.ErrorCode;
import io.herald.platform.PlatformException;
import io.herald.platform.identity.ApiCaller;
import io.herald.platform.push.BucketQuery;
import io.herald.platform.push.BucketService;
import io.herald.platform.push.Owner;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/**
 * {@code /api/buckets…}: JSON objects with ETag / If-Match, queries, and subscriptions to their
 * events. Handlers run on the REST event loop; the work on workers.
 */
final class BucketRoutes {

    private final BucketService buckets;

    BucketRoutes(BucketService buckets) {
        this.buckets = buckets;
    }

    void register(RouterBuilder builder) {
        builder.getRoute("createObject").addHandler(this::create);
        builder.getRoute("getObject").addHandler(this::get);
        builder.getRoute("replaceObject").addHandler(this::replace);
        builder.getRoute("deleteObject").addHandler(this::delete);
        builder.getRoute("queryObjects").addHandler(this::query);
        builder.getRoute("deleteBucket").addHandler(this::deleteBucket);
        builder.getRoute("subscribeUserToBucket").addHandler(rc -> subscription(rc, Owner.user(path(rc, "userID")), true));
        builder.getRoute("unsubscribeUserFromBucket").addHandler(rc -> subscription(rc, Owner.user(path(rc, "userID")), false));
        builder.getRoute("subscribeThingToBucket").addHandler(rc -> subscription(rc, Owner.thing(path(rc, "thingID")), true));
        builder.getRoute("unsubscribeThingFromBucket").addHandler(rc -> subscription(rc, Owner.thing(path(rc, "thingID")), false));
    }

    private void create(RoutingContext rc) {
        ApiCaller caller = caller(rc);
        String bucket = path(rc, "bucketID");
        JsonObject b = body(rc);
        blocking(rc, () -> buckets.create(caller, bucket, b), w -> {
            rc.response().putHeader("ETag", etag(w.object().version()));
            json(rc, 201, new JsonObject().put("objectID", w.object().objectId())
                    .put("createdAt", w.object().createdAt().toEpochMilli()).put("dataType", "application/json"));
        });
    }

    private void get(RoutingContext rc) {
        ApiCaller caller = caller(rc);
        String bucket = path(rc, "bucketID");
        String object = path(rc, "objectID");
        blocking(rc, () -> buckets.get(caller, bucket, object), o -> {
            rc.response().putHeader("ETag", etag(o.version()));
            json(rc, 200, o.view());
        });
    }

    private void replace(RoutingContext rc) {
        ApiCaller caller = caller(rc);
        String bucket = path(rc, "bucketID");
        String object = path(rc, "objectID");
        JsonObject b = body(rc);
        Long ifMatch = ifMatch(rc);
        blocking(rc, () -> buckets.replace(caller, bucket, object, b, ifMatch), w -> {
            rc.response().putHeader("ETag", etag(w.object().version()));
            json(rc, w.created() ? 201 : 200, w.created()
                    ? new JsonObject().put("createdAt", w.object().createdAt().toEpochMilli())
                    : new JsonObject().put("modifiedAt", w.object().modifiedAt().toEpochMilli())
                            .put("_version", Long.toString(w.object().version())));
        });
    }

    private void delete(RoutingContext rc) {
        ApiCaller caller = caller(rc);
        String bucket = path(rc, "bucketID");
        String object = path(rc, "objectID");
        Long ifMatch = ifMatch(rc);
        blocking(rc, () -> {
            buckets.delete(caller, bucket, object, ifMatch);
            return object;
        }, x -> noContent(rc));
    }

    private void query(RoutingContext rc) {
        ApiCaller caller = caller(rc);
        String bucket = path(rc, "bucketID");
        JsonObject b = body(rc);
        JsonObject bucketQuery = b.getJsonObject("bucketQuery", new JsonObject());
        BucketQuery q = BucketQuery.parse(bucketQuery.getJsonObject("clause"));
        int limit = b.getInteger("bestEffortLimit", 100);
        String key = b.getString("paginationKey");
        blocking(rc, () -> buckets.query(caller, bucket, q, limit, key), page -> {
            JsonObject answer = new JsonObject().put("results",
                    new JsonArray(page.results().stream().map(o -> o.view()).toList()));
            if (page.nextPaginationKey() != null) {
                answer.put("nextPaginationKey", page.nextPaginationKey());
            }
            json(rc, 200, answer);
        });
    }

    private void deleteBucket(RoutingContext rc) {
        ApiCaller caller = admin(rc);
        String bucket = path(rc, "bucketID");
        blocking(rc, () -> {
            buckets.deleteBucket(caller, bucket);
            return bucket;
        }, x -> noContent(rc));
    }

    private void subscription(RoutingContext rc, Owner owner, boolean subscribe) {
        ApiCaller caller = caller(rc);
        String bucket = path(rc, "bucketID");
        if (Owner.THING.equals(owner.kind())) {
            admin(rc);
        }
        blocking(rc, () -> {
            if (subscribe) {
                buckets.subscribe(caller, bucket, owner);
            } else {
                buckets.unsubscribe(caller, bucket, owner);
            }
            return bucket;
        }, x -> noContent(rc));
    }

    private static String etag(long version) {
        return "\"" + version + "\"";
    }

    /** The If-Match version, quoted or not; null when absent. */
    private static Long ifMatch(RoutingContext rc) {
        String value = rc.request().getHeader("If-Match");
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new PlatformException(ErrorCode.INVALID_INPUT_DATA, "If-Match must be an object version: " + value);
        }
    }
}
