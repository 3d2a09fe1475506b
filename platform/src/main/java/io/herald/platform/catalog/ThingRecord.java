package io.herald.platform.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A thing (device) as the catalog stores it. Immutable.
 *
 * @param secretDigest SHA-256 of the secret, lowercase hex
 * @param sealedSecret the secret sealed with the platform key, for the Huawei HMAC scheme; null when
 *     the thing was stored without one
 * @param info free text (JSON as the client sent it), or null
 * @param certFingerprint SHA-256 of a client certificate (DER), lowercase hex, that logs in as this thing; or null
 * @param acl topics granted beyond the thing's own {@code $oc/devices/{thingID}/#}
 */
public record ThingRecord(String thingId, String secretDigest, String sealedSecret, String info,
        String certFingerprint, List<AclRule> acl, Instant createdAt, Instant updatedAt) {

    public ThingRecord {
        Objects.requireNonNull(thingId, "thingId");
        Objects.requireNonNull(secretDigest, "secretDigest");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        acl = List.copyOf(acl);
    }

    public ThingRecord withSecret(String digest, String sealed, Instant now) {
        return new ThingRecord(thingId, digest, sealed, info, certFingerprint, acl, createdAt, now);
    }
}
