package io.herald.platform.auth;

import io.herald.platform.catalog.Catalog;
import io.herald.platform.catalog.Settings;
import io.herald.platform.catalog.ThingRecord;
import io.herald.platform.catalog.TokenRecord;
import io.herald.platform.catalog.Users.AccessTokenRecord;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The credentials the catalog holds, in memory, so that login decisions on the event loops never query
 * the catalog: tokens by digest, things by id and by certificate fingerprint, users' access tokens by
 * digest, and the admin token's digest. Loaded once from the catalog; every change the platform commits
 * to the catalog is then applied here by the same caller, after the commit.
 *
 * <p>Thread-safe: written by the REST workers, read by any thread (event loops included); holds only
 * immutable records.
 */
public final class CredentialCache {

    private final ConcurrentMap<String, TokenRecord> tokensByDigest = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> tokenDigestsById = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ThingRecord> things = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> thingIdsByFingerprint = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AccessTokenRecord> accessTokens = new ConcurrentHashMap<>();
    private volatile String adminDigest;

    /** Reads every credential from the catalog (blocks). */
    public static CredentialCache load(Catalog catalog, Instant now) {
        CredentialCache cache = new CredentialCache();
        catalog.tokens().all().forEach(cache::putToken);
        catalog.things().all().forEach(cache::putThing);
        catalog.users().accessTokens(now).forEach(cache::putAccessToken);
        catalog.settings().get(Settings.ADMIN_TOKEN_DIGEST).ifPresent(cache::setAdminDigest);
        return cache;
    }

    public void putToken(TokenRecord t) {
        String old = tokenDigestsById.put(t.tokenId(), t.digest());
        if (old != null && !old.equals(t.digest())) {
            tokensByDigest.remove(old);
        }
        tokensByDigest.put(t.digest(), t);
    }

    public void removeToken(String tokenId) {
        String digest = tokenDigestsById.remove(tokenId);
        if (digest != null) {
            tokensByDigest.remove(digest);
        }
    }

    public Optional<TokenRecord> tokenByDigest(String digest) {
        return Optional.ofNullable(tokensByDigest.get(digest));
    }

    public void putThing(ThingRecord t) {
        ThingRecord old = things.put(t.thingId(), t);
        if (old != null && old.certFingerprint() != null && !old.certFingerprint().equals(t.certFingerprint())) {
            thingIdsByFingerprint.remove(old.certFingerprint());
        }
        if (t.certFingerprint() != null) {
            thingIdsByFingerprint.put(t.certFingerprint(), t.thingId());
        }
    }

    public void removeThing(String thingId) {
        ThingRecord old = things.remove(thingId);
        if (old != null && old.certFingerprint() != null) {
            thingIdsByFingerprint.remove(old.certFingerprint());
        }
    }

    public Optional<ThingRecord> thing(String thingId) {
        return Optional.ofNullable(things.get(thingId));
    }

    public Optional<ThingRecord> thingByFingerprint(String fingerprint) {
        String id = thingIdsByFingerprint.get(fingerprint);
        return id == null ? Optional.empty() : thing(id);
    }

    public void putAccessToken(AccessTokenRecord t) {
        accessTokens.put(t.digest(), t);
    }

    /** Forgets every access token of the user (deleted). */
    public void removeAccessTokensOf(String userId) {
        accessTokens.values().removeIf(t -> t.userId().equals(userId));
    }

    /** Forgets access tokens expired at {@code now}. */
    public void removeExpiredAccessTokens(Instant now) {
        accessTokens.values().removeIf(t -> !now.isBefore(t.expiresAt()));
    }

    public Optional<AccessTokenRecord> accessToken(String digest) {
        return Optional.ofNullable(accessTokens.get(digest));
    }

    public void setAdminDigest(String digest) {
        adminDigest = digest;
    }

    /** Whether {@code token} is the admin token (constant time). */
    public boolean isAdminToken(String token) {
        String digest = adminDigest;
        return digest != null && Secrets.matches(token, digest);
    }

    /** How many tokens and things are cached, for the startup line and metrics. */
    public int tokenCount() {
        return tokensByDigest.size();
    }

    public int thingCount() {
        return things.size();
    }
}
