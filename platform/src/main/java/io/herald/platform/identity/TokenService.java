package io.herald.platform.identity;

import io.herald.platform.ErrorCode;
import io.herald.platform.PlatformException;
import io.herald.platform.auth.Credential;
import io.herald.platform.auth.CredentialCache;
import io.herald.platform.auth.Secrets;
import io.herald.platform.catalog.AclRule;
import io.herald.platform.catalog.Catalog;
import io.herald.platform.catalog.TokenRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Tokens, flespi style: create (the token returned once), read, patch (info, lifetime, ACL, api),
 * delete, regenerate. A lifetime is {@code ttl} seconds from now or an {@code expires} instant, not
 * both. Changes reach live connections through the {@link CredentialListener}. Blocks on the catalog:
 * call from REST workers. Thread-safe.
 */
public final class TokenService {

    /** A token and its secret in clear, as answered once. */
    public record Issued(TokenRecord token, String secret) {}

    /** A patch: null fields stay as they are. */
    public record Patch(String info, Long ttlSeconds, Instant expires, List<AclRule> acl, Boolean api) {}

    private final Catalog catalog;
    private final CredentialCache cache;
    private final CredentialListener listener;
    private final Clock clock;

    public TokenService(Catalog catalog, CredentialCache cache, CredentialListener listener, Clock clock) {
        this.catalog = catalog;
        this.cache = cache;
        this.listener = listener;
        this.clock = clock;
    }

    /**
     * @param acl null when the request had none: refused unless {@code admin}
     * @throws PlatformException INVALID_ACL, INVALID_EXPIRY
     */
    public Issued create(String info, Long ttlSeconds, Instant expires, List<AclRule> acl, boolean admin, boolean api) {
        if (acl == null && !admin) {
            throw new PlatformException(ErrorCode.INVALID_ACL, "a token needs an acl unless it is an admin token");
        }
        Instant now = clock.instant();
        Instant expiresAt = expiry(ttlSeconds, expires, now);
        String secret = Secrets.generate();
        TokenRecord token = new TokenRecord(Secrets.newId(), Secrets.digest(secret), info, admin, api, ttlSeconds,
                expiresAt, acl == null ? List.of() : acl, now, now);
        if (!catalog.tokens().create(token)) {
            throw new PlatformException(ErrorCode.INTERNAL_ERROR, "token id collision; try again");
        }
        cache.putToken(token);
        return new Issued(token, secret);
    }

    public TokenRecord get(String tokenId) {
        return catalog.tokens().find(tokenId)
                .orElseThrow(() -> new PlatformException(ErrorCode.TOKEN_NOT_FOUND, "no token '" + tokenId + "'"));
    }

    public List<TokenRecord> list(int offset, int limit) {
        return catalog.tokens().list(offset, limit);
    }

    /** Applies the patch; live connections of the token get its new ACL and expiry. */
    public TokenRecord patch(String tokenId, Patch patch) {
        TokenRecord old = get(tokenId);
        Instant now = clock.instant();
        Long ttl = old.ttlSeconds();
        Instant expiresAt = old.expiresAt();
        if (patch.ttlSeconds() != null || patch.expires() != null) {
            expiresAt = expiry(patch.ttlSeconds(), patch.expires(), now);
            ttl = patch.ttlSeconds();
        }
        TokenRecord changed = new TokenRecord(old.tokenId(), old.digest(), patch.info() != null ? patch.info() : old.info(),
                old.admin(), patch.api() != null ? patch.api() : old.api(), ttl, expiresAt,
                patch.acl() != null ? patch.acl() : old.acl(), old.createdAt(), now);
        if (!catalog.tokens().update(changed)) {
            throw new PlatformException(ErrorCode.TOKEN_NOT_FOUND, "no token '" + tokenId + "'");
        }
        cache.putToken(changed);
        listener.changed(credentialOf(changed));
        return changed;
    }

    /** Deletes the token and closes its connections. */
    public void delete(String tokenId) {
        if (!catalog.tokens().delete(tokenId)) {
            throw new PlatformException(ErrorCode.TOKEN_NOT_FOUND, "no token '" + tokenId + "'");
        }
        cache.removeToken(tokenId);
        listener.revoked(Credential.TOKEN, tokenId, true);
    }

    /** Gives the token a new secret; connections that logged in with the old one are closed. */
    public Issued regenerate(String tokenId) {
        TokenRecord old = get(tokenId);
        String secret = Secrets.generate();
        TokenRecord changed = old.withDigest(Secrets.digest(secret), clock.instant());
        if (!catalog.tokens().updateDigest(tokenId, changed.digest(), changed.updatedAt())) {
            throw new PlatformException(ErrorCode.TOKEN_NOT_FOUND, "no token '" + tokenId + "'");
        }
        cache.putToken(changed);
        listener.revoked(Credential.TOKEN, tokenId, false);
        return new Issued(changed, secret);
    }

    /** What a token lets an MQTT client do. */
    public static Credential credentialOf(TokenRecord t) {
        return new Credential(Credential.TOKEN, t.tokenId(), t.admin(), t.admin() ? List.of() : t.acl(), t.expiresAt());
    }

    private static Instant expiry(Long ttlSeconds, Instant expires, Instant now) {
        if (ttlSeconds != null && expires != null) {
            throw new PlatformException(ErrorCode.INVALID_EXPIRY, "give ttl or expires, not both");
        }
        if (ttlSeconds != null) {
            return now.plusSeconds(ttlSeconds);
        }
        if (expires != null && !expires.isAfter(now)) {
            throw new PlatformException(ErrorCode.INVALID_EXPIRY, "expires " + expires + " is not in the future");
        }
        return expires;
    }
}
