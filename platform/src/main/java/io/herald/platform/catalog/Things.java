package io.herald.platform.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The {@code things} table with the things' ACL entries. Thread-safe; every method blocks. */
public final class Things {

    private static final String COLUMNS =
            "thing_id, secret_digest, secret_sealed, info, cert_fingerprint, created_at, updated_at";

    private final Jdbi jdbi;
    private final AclEntries acl;

    Things(Jdbi jdbi, AclEntries acl) {
        this.jdbi = jdbi;
        this.acl = acl;
    }

    /** Stores a new thing with its ACL; false when the id or the certificate fingerprint is taken. */
    public boolean create(ThingRecord t) {
        return jdbi.inTransaction(h -> {
            boolean inserted = h.createUpdate("INSERT INTO things (" + COLUMNS + ") VALUES (:id, :digest, :sealed,"
                            + " :info, :fingerprint, :created, :updated) ON CONFLICT DO NOTHING")
                    .bind("id", t.thingId()).bind("digest", t.secretDigest()).bind("sealed", t.sealedSecret())
                    .bind("info", t.info()).bind("fingerprint", t.certFingerprint())
                    .bind("created", t.createdAt().toEpochMilli()).bind("updated", t.updatedAt().toEpochMilli())
                    .execute() == 1;
            if (inserted) {
                acl.replace(h, AclEntries.THING, t.thingId(), t.acl());
            }
            return inserted;
        });
    }

    public Optional<ThingRecord> find(String thingId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM things WHERE thing_id = :id")
                .bind("id", thingId).map((rs, ctx) -> read(rs, List.of())).findOne()
                .map(t -> withAcl(t, acl.of(h, AclEntries.THING, t.thingId()))));
    }

    /** A page of things in id order. */
    public List<ThingRecord> list(int offset, int limit) {
        return jdbi.withHandle(h -> {
            List<ThingRecord> page = h.createQuery("SELECT " + COLUMNS + " FROM things ORDER BY thing_id"
                            + " LIMIT :limit OFFSET :offset")
                    .bind("limit", limit).bind("offset", offset).map((rs, ctx) -> read(rs, List.of())).list();
            return attachAcls(h, page, page.stream().map(ThingRecord::thingId).toList());
        });
    }

    /** Every thing, for the credential cache. */
    public List<ThingRecord> all() {
        return jdbi.withHandle(h -> attachAcls(h, h.createQuery("SELECT " + COLUMNS + " FROM things")
                .map((rs, ctx) -> read(rs, List.of())).list(), null));
    }

    /** Replaces the secret; false when there is no such thing. */
    public boolean updateSecret(String thingId, String digest, String sealed, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE things SET secret_digest = :digest, secret_sealed = :sealed,"
                        + " updated_at = :now WHERE thing_id = :id")
                .bind("digest", digest).bind("sealed", sealed).bind("now", now.toEpochMilli()).bind("id", thingId)
                .execute()) == 1;
    }

    /** Deletes the thing, its ACL and what it reported; false when there is no such thing. */
    public boolean delete(String thingId) {
        return jdbi.inTransaction(h -> {
            acl.delete(h, AclEntries.THING, thingId);
            DeviceProperties.deleteThing(h, thingId);
            DeviceCommands.deleteThing(h, thingId);
            ThingPresence.deleteThing(h, thingId);
            return h.createUpdate("DELETE FROM things WHERE thing_id = :id").bind("id", thingId).execute() == 1;
        });
    }

    private List<ThingRecord> attachAcls(Handle h, List<ThingRecord> things, List<String> ids) {
        Map<String, List<AclRule>> acls = acl.ofAll(h, AclEntries.THING, ids);
        return things.stream().map(t -> withAcl(t, acls.getOrDefault(t.thingId(), List.of()))).toList();
    }

    private static ThingRecord withAcl(ThingRecord t, List<AclRule> rules) {
        return new ThingRecord(t.thingId(), t.secretDigest(), t.sealedSecret(), t.info(), t.certFingerprint(), rules,
                t.createdAt(), t.updatedAt());
    }

    private static ThingRecord read(ResultSet rs, List<AclRule> rules) throws SQLException {
        return new ThingRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rules, Instant.ofEpochMilli(rs.getLong(6)), Instant.ofEpochMilli(rs.getLong(7)));
    }
}
