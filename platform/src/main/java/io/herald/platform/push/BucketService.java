package io.herald.platform.push;

import io.herald.platform.ErrorCode;
import io.herald.platform.PlatformException;
import io.herald.platform.auth.Secrets;
import io.herald.platform.catalog.Catalog;
import io.herald.platform.identity.ApiCaller;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Push to app (Kii's buckets): a small store of JSON objects per bucket (create, read, replace with
 * If-Match, delete, query by field equality with paging) whose changes are pushed to the bucket's
 * subscribers as events ({@code DATA_OBJECT_CREATED}, {@code DATA_OBJECT_UPDATED},
 * {@code DATA_OBJECT_DELETED}, {@code BUCKET_DELETED}) with {@code bucketID}, {@code objectID},
 * {@code origin: EVENT}, {@code when} and {@code sender}. Users and the admin use buckets; an object
 * is changed by its creator or the admin. Blocks on the catalog: call from REST workers. Thread-safe.
 */
public final class BucketService {

    /** A page of a query. */
    public record Page(List<BucketObject> results, String nextPaginationKey) {}

    /** What a create or replace answers. */
    public record Written(BucketObject object, boolean created) {}

    private static final int SCAN_BATCH = 200;

    private final Buckets buckets;
    private final TopicService topics;
    private final PushService push;
    private final Clock clock;
    private volatile Duration eventExpiry = PushSettings.DEFAULT_EXPIRY;

    public BucketService(Catalog catalog, TopicService topics, PushService push, Clock clock) {
        this.buckets = new Buckets(catalog.jdbi());
        this.topics = topics;
        this.push = push;
        this.clock = clock;
    }

    /** How long an event waits for an offline installation. */
    public void eventExpiry(Duration value) {
        eventExpiry = value;
    }

    public Written create(ApiCaller caller, String bucketId, JsonObject body) {
        checkUser(caller);
        Instant now = clock.instant();
        BucketObject o = new BucketObject(bucketId, Secrets.newId(), body, 1, ownerOf(caller), now, now);
        if (!buckets.insert(o)) {
            throw new PlatformException(ErrorCode.INTERNAL_ERROR, "object id collision; try again");
        }
        event(caller, "DATA_OBJECT_CREATED", bucketId, o.objectId());
        return new Written(o, true);
    }

    public BucketObject get(ApiCaller caller, String bucketId, String objectId) {
        checkUser(caller);
        return buckets.find(bucketId, objectId).orElseThrow(() -> objectNotFound(bucketId, objectId));
    }

    /**
     * Replaces the object, or creates it under {@code objectId} when it does not exist and no version is required.
     *
     * @param ifMatch the version the object must still have, or null
     * @throws PlatformException OBJECT_NOT_FOUND, OBJECT_VERSION_IS_STALE, ACCESS_DENIED
     */
    public Written replace(ApiCaller caller, String bucketId, String objectId, JsonObject body, Long ifMatch) {
        checkUser(caller);
        Instant now = clock.instant();
        BucketObject old = buckets.find(bucketId, objectId).orElse(null);
        if (old == null) {
            if (ifMatch != null) {
                throw objectNotFound(bucketId, objectId);
            }
            BucketObject created = new BucketObject(bucketId, objectId, body, 1, ownerOf(caller), now, now);
            if (!buckets.insert(created)) {
                throw stale(objectId);
            }
            event(caller, "DATA_OBJECT_CREATED", bucketId, objectId);
            return new Written(created, true);
        }
        checkOwner(caller, old);
        if (ifMatch != null && ifMatch != old.version()) {
            throw stale(objectId);
        }
        BucketObject updated = new BucketObject(bucketId, objectId, body, old.version() + 1, old.owner(),
                old.createdAt(), now);
        if (!buckets.replace(updated, old.version())) {
            throw stale(objectId);
        }
        event(caller, "DATA_OBJECT_UPDATED", bucketId, objectId);
        return new Written(updated, false);
    }

    public void delete(ApiCaller caller, String bucketId, String objectId, Long ifMatch) {
        BucketObject old = get(caller, bucketId, objectId);
        checkOwner(caller, old);
        if (ifMatch != null && ifMatch != old.version()) {
            throw stale(objectId);
        }
        if (!buckets.delete(bucketId, objectId, old.version())) {
            throw stale(objectId);
        }
        event(caller, "DATA_OBJECT_DELETED", bucketId, objectId);
    }

    /**
     * Objects matching {@code query}, in id order, at most {@code limit}, after {@code paginationKey}.
     *
     * @throws PlatformException BUCKET_NOT_FOUND
     */
    public Page query(ApiCaller caller, String bucketId, BucketQuery query, int limit, String paginationKey) {
        checkUser(caller);
        if (!buckets.exists(bucketId)) {
            throw new PlatformException(ErrorCode.BUCKET_NOT_FOUND, "no bucket '" + bucketId + "'");
        }
        List<BucketObject> results = new ArrayList<>();
        String after = paginationKey;
        while (results.size() < limit) {
            List<BucketObject> batch = buckets.scan(bucketId, after, SCAN_BATCH);
            for (BucketObject o : batch) {
                if (query.matches(o.body())) {
                    results.add(o);
                    if (results.size() == limit) {
                        boolean more = !buckets.scan(bucketId, o.objectId(), 1).isEmpty();
                        return new Page(results, more ? o.objectId() : null);
                    }
                }
            }
            if (batch.size() < SCAN_BATCH) {
                break;
            }
            after = batch.get(batch.size() - 1).objectId();
        }
        return new Page(results, null);
    }

    /** Deletes the bucket with its objects, after telling its subscribers (admin). */
    public void deleteBucket(ApiCaller caller, String bucketId) {
        if (!buckets.exists(bucketId)) {
            throw new PlatformException(ErrorCode.BUCKET_NOT_FOUND, "no bucket '" + bucketId + "'");
        }
        event(caller, "BUCKET_DELETED", bucketId, null);
        buckets.deleteBucket(bucketId);
    }

    /** @throws PlatformException ACCESS_DENIED, USER_NOT_FOUND, THING_NOT_FOUND, PUSH_SUBSCRIPTION_ALREADY_EXISTS */
    public void subscribe(ApiCaller caller, String bucketId, Owner owner) {
        checkSubscriber(caller, owner);
        if (!buckets.subscribe(bucketId, owner, clock.instant())) {
            throw new PlatformException(ErrorCode.PUSH_SUBSCRIPTION_ALREADY_EXISTS, owner + " already subscribes to bucket '"
                    + bucketId + "'");
        }
    }

    public void unsubscribe(ApiCaller caller, String bucketId, Owner owner) {
        checkSubscriber(caller, owner);
        if (!buckets.unsubscribe(bucketId, owner)) {
            throw new PlatformException(ErrorCode.PUSH_SUBSCRIPTION_NOT_FOUND, owner + " does not subscribe to bucket '"
                    + bucketId + "'");
        }
    }

    private void event(ApiCaller caller, String type, String bucketId, String objectId) {
        List<Owner> subscribers = buckets.subscribers(bucketId);
        if (subscribers.isEmpty() || !push.running()) {
            return;
        }
        JsonObject fields = new JsonObject().put("type", type).put("bucketID", bucketId).put("bucketType", "rw")
                .put("objectScopeType", "APP").put("origin", "EVENT").put("sender", caller.id());
        if (objectId != null) {
            fields.put("objectID", objectId);
        }
        push.send(subscribers, new PushMessage(new JsonObject(), true, true, true, eventExpiry), fields);
    }

    private void checkSubscriber(ApiCaller caller, Owner owner) {
        if (!caller.admin() && !(caller.kind() == ApiCaller.Kind.USER && owner.equals(Owner.user(caller.id())))) {
            throw new PlatformException(ErrorCode.ACCESS_DENIED, "a user subscribes only itself; the admin anyone");
        }
        topics.checkExists(owner);
    }

    private static void checkUser(ApiCaller caller) {
        if (!caller.admin() && caller.kind() != ApiCaller.Kind.USER) {
            throw new PlatformException(ErrorCode.ACCESS_DENIED, "buckets are for users and the admin");
        }
    }

    private static void checkOwner(ApiCaller caller, BucketObject o) {
        if (!caller.admin() && !ownerOf(caller).equals(o.owner())) {
            throw new PlatformException(ErrorCode.ACCESS_DENIED, "object " + o.objectId() + " belongs to " + o.owner());
        }
    }

    private static String ownerOf(ApiCaller caller) {
        return caller.admin() ? "admin:" + caller.id() : Owner.user(caller.id()).key();
    }

    private static PlatformException objectNotFound(String bucketId, String objectId) {
        return new PlatformException(ErrorCode.OBJECT_NOT_FOUND, "no object '" + objectId + "' in bucket '" + bucketId + "'");
    }

    private static PlatformException stale(String objectId) {
        return new PlatformException(ErrorCode.OBJECT_VERSION_IS_STALE, "object " + objectId
                + " changed meanwhile; read it again");
    }
}
