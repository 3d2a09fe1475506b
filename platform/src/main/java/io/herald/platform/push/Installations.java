package io.herald.platform.push;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The {@code installations} table. Thread-safe; every method blocks. */
public final class Installations {

    private static final String COLUMNS = "installation_id, registration_id, device_type, user_id, thing_id,"
            + " development, mqtt_topic, username, password_digest, credential_expires_at, created_at";

    private final Jdbi jdbi;

    public Installations(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Stores a new installation; false when its owner already has one of its device type. */
    public boolean create(InstallationRecord i) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO installations (" + COLUMNS + ", owner_key) VALUES"
                        + " (:id, :reg, :type, :user, :thing, :dev, :topic, :username, :digest, :expires, :created, :key)"
                        + " ON CONFLICT DO NOTHING")
                .bind("id", i.installationId()).bind("reg", i.registrationId()).bind("type", i.deviceType())
                .bind("user", Owner.USER.equals(i.owner().kind()) ? i.owner().id() : null)
                .bind("thing", Owner.THING.equals(i.owner().kind()) ? i.owner().id() : null)
                .bind("dev", i.development() ? 1 : 0).bind("topic", i.mqttTopic()).bind("username", i.username())
                .bind("digest", i.passwordDigest())
                .bind("expires", i.credentialExpiresAt() == null ? null : i.credentialExpiresAt().toEpochMilli())
                .bind("created", i.createdAt().toEpochMilli()).bind("key", ownerKey(i.owner(), i.deviceType()))
                .execute() == 1);
    }

    public Optional<InstallationRecord> find(String installationId) {
        return one("installation_id = :v", installationId);
    }

    public Optional<InstallationRecord> findByRegistration(String deviceType, String registrationId) {
        return one("registration_id = :v AND device_type = :type", registrationId, deviceType);
    }

    public Optional<InstallationRecord> findByOwner(Owner owner, String deviceType) {
        return one("owner_key = :v", ownerKey(owner, deviceType));
    }

    /** Every installation, for the in-memory registry. */
    public List<InstallationRecord> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM installations")
                .map((rs, ctx) -> read(rs)).list());
    }

    /** Replaces the endpoint credentials; false when there is no such installation. */
    public boolean updateCredential(String installationId, String digest, Instant expiresAt) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE installations SET password_digest = :digest,"
                        + " credential_expires_at = :expires WHERE installation_id = :id")
                .bind("digest", digest).bind("expires", expiresAt == null ? null : expiresAt.toEpochMilli())
                .bind("id", installationId).execute()) == 1;
    }

    /** False when there was no such installation. */
    public boolean delete(String installationId) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM installations WHERE installation_id = :id")
                .bind("id", installationId).execute()) == 1;
    }

    private Optional<InstallationRecord> one(String where, String value) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM installations WHERE " + where)
                .bind("v", value).map((rs, ctx) -> read(rs)).findOne());
    }

    private Optional<InstallationRecord> one(String where, String value, String type) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM installations WHERE " + where)
                .bind("v", value).bind("type", type).map((rs, ctx) -> read(rs)).findOne());
    }

    private static String ownerKey(Owner owner, String deviceType) {
        return deviceType + "/" + owner.key();
    }

    private static InstallationRecord read(ResultSet rs) throws SQLException {
        String user = rs.getString(4);
        long expires = rs.getLong(10);
        Instant expiresAt = rs.wasNull() ? null : Instant.ofEpochMilli(expires);
        return new InstallationRecord(rs.getString(1), rs.getString(2), rs.getString(3),
                user != null ? Owner.user(user) : Owner.thing(rs.getString(5)), rs.getInt(6) != 0, rs.getString(7),
                rs.getString(8), rs.getString(9), expiresAt, Instant.ofEpochMilli(rs.getLong(11)));
    }
}
