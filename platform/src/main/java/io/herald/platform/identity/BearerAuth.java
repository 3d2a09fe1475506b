package io.herald.platform.identity;

import io.herald.platform.ErrorCode;
import io.herald.platform.PlatformException;
import io.herald.platform.auth.Credential;
import io.herald.platform.auth.CredentialCache;
import io.herald.platform.auth.Secrets;
import io.herald.platform.catalog.TokenRecord;
import io.herald.platform.catalog.Users.AccessTokenRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Resolves the REST API's {@code Authorization} header to an {@link ApiCaller}, from memory: the admin
 * token, an admin or api token, or a user's access token. Fast; safe on an event loop. Thread-safe.
 */
public final class BearerAuth {

    private final CredentialCache cache;
    private final Clock clock;

    public BearerAuth(CredentialCache cache, Clock clock) {
        this.cache = cache;
        this.clock = clock;
    }

    /**
     * @param authorization the header, {@code Bearer X} or {@code FlespiToken X}; null when absent
     * @throws PlatformException AUTHENTICATION_REQUIRED, INVALID_CREDENTIALS, or ACCESS_DENIED for a
     *     token without the api permission
     */
    public ApiCaller resolve(String authorization) {
        String token = bearer(authorization);
        if (token == null) {
            throw new PlatformException(ErrorCode.AUTHENTICATION_REQUIRED,
                    "send Authorization: Bearer TOKEN (an admin, api or access token)");
        }
        if (cache.isAdminToken(token)) {
            return new ApiCaller(ApiCaller.Kind.ADMIN, "admin", new Credential(Credential.TOKEN, "admin", true, List.of(), null));
        }
        Instant now = clock.instant();
        String digest = Secrets.digest(token);
        Optional<TokenRecord> t = cache.tokenByDigest(digest);
        if (t.isPresent() && !t.get().expired(now)) {
            Credential credential = TokenService.credentialOf(t.get());
            if (t.get().admin()) {
                return new ApiCaller(ApiCaller.Kind.ADMIN, t.get().tokenId(), credential);
            }
            if (!t.get().api()) {
                throw new PlatformException(ErrorCode.ACCESS_DENIED, "token " + t.get().tokenId()
                        + " has no api permission");
            }
            return new ApiCaller(ApiCaller.Kind.TOKEN, t.get().tokenId(), credential);
        }
        Optional<AccessTokenRecord> access = cache.accessToken(digest);
        if (access.isPresent() && now.isBefore(access.get().expiresAt())) {
            return new ApiCaller(ApiCaller.Kind.USER, access.get().userId(),
                    new Credential(Credential.USER, access.get().userId(), false, List.of(), access.get().expiresAt()));
        }
        throw new PlatformException(ErrorCode.INVALID_CREDENTIALS, "unknown or expired bearer token");
    }

    private static String bearer(String header) {
        if (header == null) {
            return null;
        }
        String h = header.strip();
        String lower = h.toLowerCase(Locale.ROOT);
        for (String scheme : List.of("bearer ", "flespitoken ")) {
            if (lower.startsWith(scheme)) {
                String token = h.substring(scheme.length()).strip();
                return token.isEmpty() ? null : token;
            }
        }
        return null;
    }
}
