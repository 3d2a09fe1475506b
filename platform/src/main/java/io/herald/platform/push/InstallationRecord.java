package io.herald.platform.push;

import java.time.Instant;
import java.util.Objects;

/**
 * An MQTT push installation as the catalog keeps it. Immutable.
 *
 * @param mqttTopic the one topic the installation listens on, also its MQTT client id
 * @param username the MQTT user name of its endpoint credentials
 * @param passwordDigest SHA-256 of the current endpoint password, null until the endpoint was first fetched
 * @param credentialExpiresAt when that password stops working, null for never (or none yet)
 */
public record InstallationRecord(String installationId, String registrationId, String deviceType, Owner owner,
        boolean development, String mqttTopic, String username, String passwordDigest, Instant credentialExpiresAt,
        Instant createdAt) {

    public static final String MQTT = "MQTT";

    public InstallationRecord {
        Objects.requireNonNull(installationId, "installationId");
        Objects.requireNonNull(registrationId, "registrationId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(mqttTopic, "mqttTopic");
        Objects.requireNonNull(username, "username");
    }

    /** The same installation with new endpoint credentials. */
    public InstallationRecord withCredential(String digest, Instant expiresAt) {
        return new InstallationRecord(installationId, registrationId, deviceType, owner, development, mqttTopic, username,
                digest, expiresAt, createdAt);
    }
}
