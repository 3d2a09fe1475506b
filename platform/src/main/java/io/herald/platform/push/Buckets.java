package io.herald.platform.push;

import io.vertx.core.json.JsonObject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The {@code buckets}, {@code bucket_objects} and {@code bucket_subscriptions} tables. Thread-safe; every method blocks. */
public final class Buckets {

    private static final String COLUMNS = "bucket_id, object_id, body, version, owner, created_at, modified_at";

    private final Jdbi jdbi;

    public Buckets(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Creates the bucket when it does not exist yet (buckets come into being with their first use, as Kii's). */
    public void ensure(String bucketId, Instant now) {
        jdbi.useHandle(h -> ensure(h, bucketId, now));
    }

    public boolean exists(String bucketId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM buckets WHERE bucket_id = :b")
                .bind("b", bucketId).mapTo(Integer.class).one()) > 0;
    }

    /** False when the id is taken. */
    public boolean insert(BucketObject o) {
        return jdbi.inTransaction(h -> {
            ensure(h, o.bucketId(), o.createdAt());
            return h.createUpdate("INSERT INTO bucket_objects (" + COLUMNS + ") VALUES (:b, :o, :body, :v, :owner,"
                            + " :created, :modified) ON CONFLICT DO NOTHING")
                    .bind("b", o.bucketId()).bind("o", o.objectId()).bind("body", o.body().encode())
                    .bind("v", o.version()).bind("owner", o.owner()).bind("created", o.createdAt().toEpochMilli())
                    .bind("modified", o.modifiedAt().toEpochMilli()).execute() == 1;
        });
    }

    /** Replaces the body if the stored version is still {@code expectedVersion}; false otherwise. */
    public boolean replace(BucketObject o, long expectedVersion) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE bucket_objects SET body = :body, version = :v,"
                        + " modified_at = :modified WHERE bucket_id = :b AND object_id = :o AND version = :expected")
                .bind("body", o.body().encode()).bind("v", o.version()).bind("modified", o.modifiedAt().toEpochMilli())
                .bind("b", o.bucketId()).bind("o", o.objectId()).bind("expected", expectedVersion).execute()) == 1;
    }

    public Optional<BucketObject> find(String bucketId, String objectId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM bucket_objects WHERE bucket_id = :b"
                        + " AND object_id = :o").bind("b", bucketId).bind("o", objectId)
                .map((rs, ctx) -> read(rs)).findOne());
    }

    /** False when there was no such object (or not at {@code version}, when given). */
    public boolean delete(String bucketId, String objectId, Long version) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM bucket_objects WHERE bucket_id = :b AND object_id = :o"
                        + (version == null ? "" : " AND version = :v"))
                .bind("b", bucketId).bind("o", objectId).bind("v", version == null ? 0 : version).execute()) == 1;
    }

    /** Objects after {@code afterObjectId} (null: from the first) in id order, at most {@code limit}. */
    public List<BucketObject> scan(String bucketId, String afterObjectId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM bucket_objects WHERE bucket_id = :b"
                        + " AND object_id > :after ORDER BY object_id LIMIT :limit")
                .bind("b", bucketId).bind("after", afterObjectId == null ? "" : afterObjectId).bind("limit", limit)
                .map((rs, ctx) -> read(rs)).list());
    }

    /** Deletes the bucket, its objects and subscriptions; false when there was none. */
    public boolean deleteBucket(String bucketId) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("DELETE FROM bucket_objects WHERE bucket_id = :b").bind("b", bucketId).execute();
            h.createUpdate("DELETE FROM bucket_subscriptions WHERE bucket_id = :b").bind("b", bucketId).execute();
            return h.createUpdate("DELETE FROM buckets WHERE bucket_id = :b").bind("b", bucketId).execute() == 1;
        });
    }

    /** False when already subscribed. */
    public boolean subscribe(String bucketId, Owner owner, Instant now) {
        return jdbi.inTransaction(h -> {
            ensure(h, bucketId, now);
            return h.createUpdate("INSERT INTO bucket_subscriptions (bucket_id, owner_kind, owner_id, created_at)"
                            + " VALUES (:b, :k, :o, :now) ON CONFLICT DO NOTHING")
                    .bind("b", bucketId).bind("k", owner.kind()).bind("o", owner.id()).bind("now", now.toEpochMilli())
                    .execute() == 1;
        });
    }

    /** False when not subscribed. */
    public boolean unsubscribe(String bucketId, Owner owner) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM bucket_subscriptions WHERE bucket_id = :b"
                        + " AND owner_kind = :k AND owner_id = :o")
                .bind("b", bucketId).bind("k", owner.kind()).bind("o", owner.id()).execute()) == 1;
    }

    public List<Owner> subscribers(String bucketId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT owner_kind, owner_id FROM bucket_subscriptions"
                        + " WHERE bucket_id = :b").bind("b", bucketId)
                .map((rs, ctx) -> new Owner(rs.getString(1), rs.getString(2))).list());
    }

    private static void ensure(Handle h, String bucketId, Instant now) {
        h.createUpdate("INSERT INTO buckets (bucket_id, created_at) VALUES (:b, :now) ON CONFLICT DO NOTHING")
                .bind("b", bucketId).bind("now", now.toEpochMilli()).execute();
    }

    private static BucketObject read(ResultSet rs) throws SQLException {
        return new BucketObject(rs.getString(1), rs.getString(2), new JsonObject(rs.getString(3)), rs.getLong(4),
                rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)), Instant.ofEpochMilli(rs.getLong(7)));
    }
}
