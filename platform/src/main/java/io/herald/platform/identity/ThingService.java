package io.herald.platform.identity;

import io.herald.platform.ErrorCode;
import io.herald.platform.PlatformException;
import io.herald.platform.auth.Credential;
import io.herald.platform.auth.CredentialCache;
import io.herald.platform.auth.SecretSealer;
import io.herald.platform.auth.Secrets;
import io.herald.platform.catalog.AclRule;
import io.herald.platform.catalog.Catalog;
import io.herald.platform.catalog.ThingRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Things: register (the secret generated when not given, returned once), read, delete, regenerate the
 * secret. The catalog keeps the secret's digest and the secret sealed for the Huawei HMAC scheme.
 * Blocks on the catalog: call from REST workers. Thread-safe.
 */
public final class ThingService {

    /** A thing and its secret in clear, as answered once. */
    public record Created(ThingRecord thing, String secret) {}

    private final Catalog catalog;
    private final CredentialCache cache;
    private final CredentialListener listener;
    private final SecretSealer sealer;
    private final Clock clock;

    public ThingService(Catalog catalog, CredentialCache cache, CredentialListener listener, SecretSealer sealer,
            Clock clock) {
        this.catalog = catalog;
        this.cache = cache;
        this.listener = listener;
        this.sealer = sealer;
        this.clock = clock;
    }

    /**
     * @param thingId null to generate one
     * @param secret null to generate one
     * @param info JSON text, or null
     * @param fingerprint SHA-256 of a client certificate, hex (colons allowed), or null
     */
    public Created create(String thingId, String secret, String info, String fingerprint, List<AclRule> acl) {
        String id = thingId == null ? Secrets.newId() : thingId;
        String clear = secret == null ? Secrets.generate() : secret;
        String normalized = fingerprint == null ? null : fingerprint.replace(":", "").toLowerCase(java.util.Locale.ROOT);
        Instant now = clock.instant();
        ThingRecord thing = new ThingRecord(id, Secrets.digest(clear), sealer.seal(clear), info, normalized, acl, now, now);
        if (!catalog.things().create(thing)) {
            if (catalog.things().find(id).isPresent()) {
                throw new PlatformException(ErrorCode.THING_ALREADY_EXISTS, "thing '" + id + "' exists");
            }
            throw new PlatformException(ErrorCode.FINGERPRINT_ALREADY_REGISTERED,
                    "certificate " + normalized + " belongs to another thing");
        }
        cache.putThing(thing);
        return new Created(thing, clear);
    }

    public ThingRecord get(String thingId) {
        return catalog.things().find(thingId)
                .orElseThrow(() -> new PlatformException(ErrorCode.THING_NOT_FOUND, "no thing '" + thingId + "'"));
    }

    public List<ThingRecord> list(int offset, int limit) {
        return catalog.things().list(offset, limit);
    }

    /** Deletes the thing and closes its connections. */
    public void delete(String thingId) {
        if (!catalog.things().delete(thingId)) {
            throw new PlatformException(ErrorCode.THING_NOT_FOUND, "no thing '" + thingId + "'");
        }
        cache.removeThing(thingId);
        listener.revoked(Credential.THING, thingId, true);
    }

    /** Replaces the secret with a generated one and closes the connections that used the old one. */
    public Created regenerateSecret(String thingId) {
        ThingRecord thing = get(thingId);
        String clear = Secrets.generate();
        Instant now = clock.instant();
        ThingRecord changed = thing.withSecret(Secrets.digest(clear), sealer.seal(clear), now);
        if (!catalog.things().updateSecret(thingId, changed.secretDigest(), changed.sealedSecret(), now)) {
            throw new PlatformException(ErrorCode.THING_NOT_FOUND, "no thing '" + thingId + "'");
        }
        cache.putThing(changed);
        listener.revoked(Credential.THING, thingId, false);
        return new Created(changed, clear);
    }
}
