package io.herald.platform.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An access token, flespi style, as the catalog stores it. Immutable.
 *
 * @param tokenId the public id (not a secret), used in the REST paths
 * @param digest SHA-256 of the token, lowercase hex
 * @param info free text, or null
 * @param admin full rights over MQTT and the REST API
 * @param api whether the token may call the REST API (within its ACL)
 * @param ttlSeconds the lifetime asked for, or null
 * @param expiresAt when it stops working, or null for never
 * @param acl what it may publish and subscribe to (ignored for an admin token)
 */
public record TokenRecord(String tokenId, String digest, String info, boolean admin, boolean api, Long ttlSeconds,
        Instant expiresAt, List<AclRule> acl, Instant createdAt, Instant updatedAt) {

    public TokenRecord {
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        acl = List.copyOf(acl);
    }

    public boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    public TokenRecord withDigest(String newDigest, Instant now) {
        return new TokenRecord(tokenId, newDigest, info, admin, api, ttlSeconds, expiresAt, acl, createdAt, now);
    }
}
