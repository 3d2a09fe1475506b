package io.herald.platform.push;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One JSON object of a bucket. Immutable (the body is never modified once read).
 *
 * @param version 1 at creation, one more at each update (the ETag)
 * @param owner the {@link Owner#key()} of whoever created it, or {@code admin:ID}
 */
public record BucketObject(String bucketId, String objectId, JsonObject body, long version, String owner,
        Instant createdAt, Instant modifiedAt) {

    /** The body with Kii's system fields: {@code _id}, {@code _version}, {@code _owner}, {@code _created}, {@code _modified}. */
    public JsonObject view() {
        return body.copy().put("_id", objectId).put("_version", Long.toString(version)).put("_owner", owner)
                .put("_created", createdAt.toEpochMilli()).put("_modified", modifiedAt.toEpochMilli());
    }
}
